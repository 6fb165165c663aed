import { describe, expect, it } from 'vitest';
import { fileModeExposure, modeText } from './file-mode.js';

describe('fileModeExposure', () => {
  it.each([
    [0o600, 'owner-only'],
    [0o400, 'owner-only'],
    [0o100600, 'owner-only'],
    [0o640, 'others-have-access'],
    [0o610, 'others-have-access'],
    [0o644, 'everyone-can-read'],
    [0o604, 'everyone-can-read'],
    [0o620, 'others-can-write'],
    [0o666, 'others-can-write'],
    [0o602, 'others-can-write'],
  ] as const)('%o → %s', (mode, expected) => {
    expect(fileModeExposure(mode)).toBe(expected);
  });

  it('writes the permission bits as chmod takes them', () => {
    expect(modeText(0o100640)).toBe('640');
    expect(modeText(0o7)).toBe('007');
  });
});
