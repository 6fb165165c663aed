import { describe, expect, it } from 'vitest';
import { applyV8Defaults } from './v8-defaults.js';

describe('applyV8Defaults', () => {
  it.each([
    [{ VAULTLINE_SIDECAR_V8_DEFAULTS: '0' }, [], false],
    [{ NODE_OPTIONS: '--optimize-for-size' }, [], false],
    [{}, ['--no-optimize-for-size'], false],
    [{}, [], true],
  ])('sets the flag unless told otherwise (%j, %j): %s', (env, execArgv, applied) => {
    expect(applyV8Defaults(env, execArgv)).toBe(applied);
  });
});
