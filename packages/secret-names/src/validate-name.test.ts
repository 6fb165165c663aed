import { describe, expect, it } from 'vitest';
import { validateSecretName } from './validate-name.js';

describe('validateSecretName', () => {
  it.each([
    'prod/orders/db',
    'MyTestDatabaseSecret',
    'tutorials/MyFirstSecret',
    'a',
    'x'.repeat(512),
    'user+tag=1.0@host_name-x',
  ])('accepts %s', (name) => {
    const result = validateSecretName(name);
    expect(result.valid).toBe(true);
    expect(result.violations).toEqual([]);
  });

  it.each([
    ['', 'EMPTY_NAME', undefined],
    ['x'.repeat(513), 'NAME_TOO_LONG', undefined],
    ['prod orders', 'INVALID_CHARACTER', 4],
    ['prod:db', 'INVALID_CHARACTER', 4],
    ['caf\u00e9', 'INVALID_CHARACTER', 3],
    ['say"hi', 'DOUBLE_QUOTE', 3],
  ])('rejects %s with %s at %s', (name, code, position) => {
    const result = validateSecretName(name);
    expect(result.valid).toBe(false);
    expect(result.violations[0]?.code).toBe(code);
    expect(result.violations[0]?.position).toBe(position);
  });

  it('reports every violation with its position and character', () => {
    const result = validateSecretName('a b#c');
    expect(result.violations.map((v) => [v.position, v.character])).toEqual([
      [1, ' '],
      [3, '#'],
    ]);
  });

  it('explains that AWS refuses the double quote the product document lists', () => {
    const [violation] = validateSecretName('db"1').violations;
    expect(violation?.message).toMatch(/AWS Secrets Manager rejects it/);
  });

  it.each([
    ['prod/db-a1B2c3', 'ARN_SUFFIX_LOOKALIKE'],
    ['prod//db', 'DOUBLE_SLASH'],
    ['/prod/db', 'LEADING_SLASH'],
    ['prod/db/', 'TRAILING_SLASH'],
  ])('warns on %s (%s) but accepts it', (name, code) => {
    const result = validateSecretName(name);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.code)).toContain(code);
  });

  it('does not warn on a hyphen followed by fewer or more than six characters', () => {
    expect(validateSecretName('prod/db-abcde').warnings).toEqual([]);
    expect(validateSecretName('prod/db-abcdefg').warnings).toEqual([]);
  });
});
