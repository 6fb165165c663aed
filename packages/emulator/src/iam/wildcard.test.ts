import { describe, expect, it } from 'vitest';
import { arnMatch, globMatch } from './wildcard.js';

describe('globMatch', () => {
  it.each([
    ['*', 'anything', false, true],
    ['secretsmanager:Get*', 'secretsmanager:GetSecretValue', true, true],
    ['secretsmanager:get*', 'SecretsManager:GetSecretValue', true, true],
    ['secretsmanager:get*', 'SecretsManager:GetSecretValue', false, false],
    ['kms:?ecrypt', 'kms:Decrypt', true, true],
    ['kms:?ecrypt', 'kms:Encrypt', true, false],
    ['kms:?ecrypt', 'kms:ReEncrypt', true, false],
    ['prod/*', 'prod/db', false, true],
    ['prod/*', 'staging/db', false, false],
    ['a.b', 'axb', false, false],
    ['(x)+', '(x)+', false, true],
    ['exact', 'exact', false, true],
    ['exact', 'Exact', false, false],
    ['*/db', 'line1\nline2/db', false, true],
  ])('%s vs %s (ignoreCase %s) → %s', (pattern, value, ignoreCase, expected) => {
    expect(globMatch(pattern, value, ignoreCase)).toBe(expected);
  });
});

describe('arnMatch', () => {
  const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-a1B2c3';
  it.each([
    ['*', true],
    [secret, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????', true],
    ['arn:aws:secretsmanager:*:111122223333:secret:prod/*', true],
    ['arn:aws:secretsmanager:us-east-1:*:secret:*', true],
    ['arn:aws:secretsmanager:us-west-2:111122223333:secret:prod/*', false],
    ['arn:aws:secretsmanager:us-east-1:444455556666:secret:*', false],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:staging/*', false],
    // a wildcard never spans the colon-delimited fields
    ['arn:aws:secretsmanager:*:secret:prod/db-a1B2c3', false],
    ['arn:aws:kms:us-east-1:111122223333:*', false],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:PROD/*', false],
  ])('%s → %s', (pattern, expected) => {
    expect(arnMatch(pattern, secret)).toBe(expected);
  });

  it('keeps colons inside the resource field', () => {
    expect(arnMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b')).toBe(true);
  });
});
