import { describe, expect, it } from 'vitest';
import { ResolverError } from './errors.js';
import { lookupJsonKey, readJsonKey, readWholeValue } from './json-key.js';
import type { SecretValue } from './types.js';

const CANARY = 'CANARY-s3cr3t-value-7f1c';
const secret = (fields: Partial<SecretValue>): SecretValue => ({
  ARN: 'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-AbCdEf',
  Name: 'prod/db',
  VersionId: 'v1',
  VersionStages: ['AWSCURRENT'],
  ...fields,
});

const failure = (fn: () => unknown): ResolverError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ResolverError) return error;
    throw error;
  }
  throw new Error('expected a ResolverError');
};

describe('readJsonKey', () => {
  const json = secret({
    SecretString: JSON.stringify({
      username: 'app',
      password: CANARY,
      port: 5432,
      tls: true,
      opts: { a: 1 },
      none: null,
    }),
  });

  it.each([
    ['username', 'app'],
    ['password', CANARY],
    ['port', 5432],
    ['tls', true],
    ['opts', '{"a":1}'],
    ['none', 'null'],
  ])('reads %s', (key, expected) => {
    expect(readJsonKey(json, key, 'prod/db')).toEqual(expected);
  });

  it('fails with KEY_NOT_FOUND listing the keys that exist, never a value', () => {
    const error = failure(() => readJsonKey(json, 'pasword', 'prod/db'));
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toContain("'username', 'password', 'port'");
    expect(error.message).toContain("'pasword'");
    expect(error.message).not.toContain(CANARY);
  });

  it.each([
    ['plain text', secret({ SecretString: CANARY })],
    ['a JSON array', secret({ SecretString: JSON.stringify([CANARY]) })],
    ['a JSON string', secret({ SecretString: JSON.stringify(CANARY) })],
    ['binary', secret({ SecretBinary: new TextEncoder().encode(CANARY) })],
  ])('fails with NOT_JSON for %s, never showing the value', (_, value) => {
    const error = failure(() => readJsonKey(value, 'password', 'prod/db'));
    expect(error.code).toBe('NOT_JSON');
    expect(error.message).toContain("'prod/db'");
    expect(error.message).not.toContain(CANARY);
  });

  it('ignores inherited properties', () => {
    const error = failure(() => readJsonKey(secret({ SecretString: '{}' }), 'toString', 'prod/db'));
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toContain('it has no keys');
  });
});

describe('readWholeValue', () => {
  it('returns the string, else the bytes', () => {
    expect(readWholeValue(secret({ SecretString: 'x' }))).toBe('x');
    const bytes = new Uint8Array([1, 2, 3]);
    expect(readWholeValue(secret({ SecretBinary: bytes }))).toBe(bytes);
  });
});

describe('lookupJsonKey', () => {
  const secret = {
    SecretString: '{"user":"app","port":5432,"tls":true,"extra":null,"tags":["a"]}',
  };

  it.each([
    ['user', 'app', 'app'],
    ['port', 5432, '5432'],
    ['tls', true, 'true'],
    ['extra', 'null', 'null'],
    ['tags', '["a"]', '["a"]'],
  ])('reads %s as %j, or %j as text', (key, typed, text) => {
    expect(lookupJsonKey(secret, key)).toEqual({ ok: true, value: typed });
    expect(lookupJsonKey(secret, key, { values: 'text' })).toEqual({ ok: true, value: text });
  });

  it('says why there is no value, with every key and never a value', () => {
    expect(lookupJsonKey({}, 'k')).toEqual({ ok: false, problem: 'BINARY' });
    expect(lookupJsonKey({ SecretString: 'hunter2' }, 'k')).toEqual({
      ok: false,
      problem: 'NOT_OBJECT',
      received: 'text that is not JSON',
    });
    expect(lookupJsonKey({ SecretString: '[1,2]' }, 'k')).toEqual({
      ok: false,
      problem: 'NOT_OBJECT',
      received: 'a JSON array of 2 items',
    });
    expect(lookupJsonKey(secret, 'nope')).toEqual({
      ok: false,
      problem: 'NO_SUCH_KEY',
      keys: ['user', 'port', 'tls', 'extra', 'tags'],
    });
  });
});
