import { describe, expect, it } from 'vitest';
import { formatSecretReference, parseSecretReference } from './secret-reference.js';

const ARN = 'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/orders/db-a1B2c3';

describe('parseSecretReference', () => {
  it.each([
    ['prod/orders/db', { secretId: 'prod/orders/db' }],
    ['prod/orders/db:password', { secretId: 'prod/orders/db', jsonKey: 'password' }],
    [ARN, { secretId: ARN }],
    [`${ARN}:username`, { secretId: ARN, jsonKey: 'username' }],
    [
      `${ARN}:username:AWSPREVIOUS:`,
      { secretId: ARN, jsonKey: 'username', versionStage: 'AWSPREVIOUS' },
    ],
    [
      `${ARN}:::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE`,
      { secretId: ARN, versionId: 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE' },
    ],
    ['prod/db::AWSCURRENT:', { secretId: 'prod/db', versionStage: 'AWSCURRENT' }],
  ])('parses %s', (input, expected) => {
    const result = parseSecretReference(input);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it('keeps the parsed ARN of an ARN reference', () => {
    const result = parseSecretReference(`${ARN}:password`);
    expect(result.ok && result.value.arn).toMatchObject({
      accountId: '111122223333',
      name: 'prod/orders/db',
    });
  });

  it.each([
    ['', 'EMPTY_REFERENCE'],
    ['   ', 'EMPTY_REFERENCE'],
    ['prod/db:', 'EMPTY_JSON_KEY'],
    ['prod/db:a:b:c:d', 'TOO_MANY_FIELDS'],
    [`${ARN}:a:b:c:d`, 'TOO_MANY_FIELDS'],
    ['prod db:password', 'INVALID_NAME'],
    ['arn:aws:secretsmanager:us-east-2:111:secret:x:key', 'INVALID_ACCOUNT'],
    ['arn:aws:secretsmanager:us-east-2', 'MALFORMED_ARN'],
  ])('rejects %j with %s', (input, code) => {
    const result = parseSecretReference(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('names both forms in the empty-key message', () => {
    const result = parseSecretReference('prod/db:');
    expect(!result.ok && result.error.message).toMatch(/prod\/db:<key>/);
  });

  it.each([
    [{ secretId: 'a' }, 'a'],
    [{ secretId: 'a', jsonKey: 'k' }, 'a:k'],
    [{ secretId: 'a', versionId: 'v1' }, 'a:::v1'],
    [{ secretId: 'a', jsonKey: 'k', versionStage: 'S' }, 'a:k:S:'],
  ])('formats %j as %s', (reference, text) => {
    expect(formatSecretReference(reference)).toBe(text);
  });
});
