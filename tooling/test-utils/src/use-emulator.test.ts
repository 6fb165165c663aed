import { describe, expect, it } from 'vitest';
import { useTestEmulator } from './use-emulator.js';

describe('useTestEmulator', () => {
  const seen: string[] = [];
  let firstUrl = '';
  const emulator = useTestEmulator({
    scenario: 'single-account',
    setUp: () => {
      seen.push('setUp');
    },
    beforeEach: async (emu) => {
      seen.push('beforeEach');
      await emu.control.reset();
    },
    afterEach: () => {
      seen.push('afterEach');
    },
  });

  it('starts the scenario once for the file and runs the hooks around each test', async () => {
    expect(seen).toEqual(['setUp', 'beforeEach']);
    firstUrl = emulator().url;
    expect(firstUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gives the next test the same running emulator', async () => {
    expect(seen).toEqual(['setUp', 'beforeEach', 'afterEach', 'beforeEach']);
    expect(emulator().url).toBe(firstUrl);
    expect((await emulator().credentialsOf('developer')).accessKeyId).toMatch(/^AKIA/);
  });
});
