import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSessionName, isValidSessionName } from './session-name.js';

describe('deriveSessionName', () => {
  it.each([
    ['ip-10-0-0-12.ec2.internal', 'vaultline-ip-10-0-0-12.ec2.internal'],
    ["Jane's MacBook Pro", 'vaultline-Jane-s-MacBook-Pro'],
    ['', 'vaultline'],
    ['***', 'vaultline'],
    ['agent_01@prod', 'vaultline-agent_01@prod'],
    ['x'.repeat(100), `vaultline-${'x'.repeat(54)}`],
  ])('%j -> %j', (host, expected) => {
    expect(deriveSessionName(host)).toBe(expected);
  });

  it('defaults to this host name', () => {
    expect(isValidSessionName(deriveSessionName())).toBe(true);
  });

  it('always yields a name STS accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (host) => {
        expect(isValidSessionName(deriveSessionName(host))).toBe(true);
      }),
    );
  });
});

describe('isValidSessionName', () => {
  it.each([
    ['ab', true],
    ['a', false],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['with space', false],
    ['a+b=c,d.e@f-g_h', true],
  ])('%j -> %s', (name, valid) => {
    expect(isValidSessionName(name)).toBe(valid);
  });
});
