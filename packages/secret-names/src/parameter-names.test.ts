import { describe, expect, it } from 'vitest';
import { maxParameterNameLength, validateParameterName } from './parameter-names.js';

describe('validateParameterName', () => {
  it.each([
    '/prod/orders/db/host',
    'MyParameter',
    '/Dev/Production/East/Project-ABC/MyParameter',
    'a_b.c-d',
    '/aws/reference/secretsmanager/prod/orders/db',
    '/aws/service/global-infrastructure/regions',
    `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}`,
  ])('accepts %s for reading', (name) => {
    expect(validateParameterName(name)).toEqual({ valid: true, violations: [] });
  });

  it.each([
    ['', 'EMPTY_NAME', undefined],
    ['/prod/orders db', 'INVALID_CHARACTER', 12],
    ['/prod/db@host', 'INVALID_CHARACTER', 8],
    ['prod/db', 'NOT_FULLY_QUALIFIED', 0],
    ['/prod//db', 'EMPTY_PATH_SEGMENT', 6],
    ['/prod/db/', 'EMPTY_PATH_SEGMENT', 9],
    ['/aws/prod', 'RESERVED_PREFIX', 1],
    ['/SSM/prod', 'RESERVED_PREFIX', 1],
    ['awsconfig', 'RESERVED_PREFIX', 0],
    ['/aws/reference/secretsmanager/prod db', 'INVALID_CHARACTER', 34],
    [`/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`, 'TOO_MANY_LEVELS', undefined],
  ])('refuses %s with %s at %s', (name, code, position) => {
    const [first] = validateParameterName(name).violations;
    expect(first?.code).toBe(code);
    expect(first?.position).toBe(position);
  });

  it('refuses every aws or ssm prefix when writing, the readable reserved names included', () => {
    for (const name of ['/aws/reference/secretsmanager/db', '/aws/service/x', '/Ssm-app/x']) {
      const result = validateParameterName(name, { purpose: 'write' });
      expect(result.violations.map((v) => v.code)).toEqual(['RESERVED_PREFIX']);
      expect(result.violations[0]?.message).toMatch(/can't be prefixed with "aws" or "ssm"/);
    }
  });

  it('counts the name with its ARN against the 1011-character limit', () => {
    const max = maxParameterNameLength({ region: 'us-east-2' });
    expect(max).toBe(1011 - 'arn:aws:ssm:us-east-2:111122223333:parameter/'.length);
    expect(validateParameterName(`/${'a'.repeat(max - 1)}`, { region: 'us-east-2' }).valid).toBe(
      true,
    );
    const long = validateParameterName(`/${'a'.repeat(max)}`, { region: 'us-east-2' });
    expect(long.violations.map((v) => [v.code, v.position])).toEqual([['NAME_TOO_LONG', max]]);
  });

  it('reports every bad character with its position', () => {
    expect(
      validateParameterName('/a b#c').violations.map((v) => [v.position, v.character]),
    ).toEqual([
      [2, ' '],
      [4, '#'],
    ]);
  });
});
