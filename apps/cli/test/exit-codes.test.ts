import { describe, expect, it } from 'vitest';
import { EXIT_CODE_BY_ERROR_CODE, ExitCode, exitCodeFor } from '../src/exit-codes.js';

describe('exitCodeFor', () => {
  it.each([
    ['CONFIG_INVALID', 2],
    ['CONFIG_NOT_FOUND', 2],
    ['CONFIG_SYNTAX', 2],
    ['ACCESS_DENIED', 3],
    ['SECRET_NOT_FOUND', 4],
    ['PARAMETER_NOT_FOUND', 4],
    ['PARAMETER_VERSION_NOT_FOUND', 4],
    ['INVALID_SELECTOR', 2],
    ['commander.unknownCommand', 2],
    ['commander.helpDisplayed', 0],
    ['commander.version', 0],
    ['SOMETHING_ELSE', 1],
  ])('%s → %i', (code, exit) => {
    expect(exitCodeFor(code)).toBe(exit);
    expect(exitCodeFor({ code })).toBe(exit);
  });

  it.each([undefined, null, 42, new Error('x')])('%s → operational', (value) => {
    expect(exitCodeFor(value)).toBe(ExitCode.OPERATIONAL);
  });

  it('the table uses only the documented exit codes', () => {
    const allowed: number[] = Object.values(ExitCode);
    for (const code of Object.values(EXIT_CODE_BY_ERROR_CODE)) expect(allowed).toContain(code);
  });
});
