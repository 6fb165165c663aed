import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, safeString, toConfigError } from './errors.js';

describe('toConfigError', () => {
  it('passes a ConfigError through and wraps anything else with its cause', () => {
    const own = new ConfigError('CONFIG_UNKNOWN', 'ours');
    expect(toConfigError(own)).toBe(own);
    const wrapped = toConfigError(new Error('disk on fire'));
    expect(wrapped).toMatchObject({ code: 'CONFIG_UNKNOWN', message: 'disk on fire' });
    expect(wrapped.cause).toBeInstanceOf(Error);
  });

  it('never throws, whatever was thrown (an object whose toString is not callable included)', () => {
    expect(toConfigError({ toString: 0 }).message).toBe('[object Object]');
    expect(safeString(Object.create(null))).toBe('[object Object]');
    expect(safeString(42)).toBe('42');
    fc.assert(
      fc.property(fc.anything(), (thrown) => {
        expect(toConfigError(thrown)).toBeInstanceOf(ConfigError);
      }),
    );
  });
});
