import { describe, expect, it } from 'vitest';
import { namesParameter, parseCliReference } from './reference-argument.js';

const thrown = (run: () => unknown): { code?: string; message: string; hint?: string } => {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string; hint?: string };
  }
  throw new Error('expected a throw');
};

describe('parseCliReference', () => {
  it.each([
    ['ssm:/prod/orders/db/host', '/prod/orders/db/host', { name: '/prod/orders/db/host' }],
    ['ssm:/prod/orders/db/host:3', '/prod/orders/db/host:3', { version: 3 }],
    ['ssm:/prod/orders/db/host:live', '/prod/orders/db/host:live', { label: 'live' }],
    ['ssm:feature-flag', 'feature-flag', { name: 'feature-flag' }],
    [
      'arn:aws:ssm:us-east-2:222222222222:parameter/shared/orders/endpoint',
      'arn:aws:ssm:us-east-2:222222222222:parameter/shared/orders/endpoint',
      { name: '/shared/orders/endpoint', arn: { accountId: '222222222222' } },
    ],
    [
      'ssm:arn:aws:ssm:us-east-2:222222222222:parameter/shared/x:2',
      'arn:aws:ssm:us-east-2:222222222222:parameter/shared/x:2',
      { name: '/shared/x', version: 2 },
    ],
  ])('%s is a parameter reference', (ref, text, reference) => {
    const parsed = parseCliReference(ref);
    expect(parsed).toMatchObject({ kind: 'parameter', text, reference });
  });

  it('--parameter reads a bare name as a parameter, with or without ssm:', () => {
    expect(parseCliReference('/prod/db/host', { parameter: true })).toMatchObject({
      kind: 'parameter',
      text: '/prod/db/host',
    });
    expect(parseCliReference('ssm:/prod/db/host', { parameter: true })).toMatchObject({
      kind: 'parameter',
      text: '/prod/db/host',
    });
  });

  it('anything else stays a secret reference, as before', () => {
    expect(parseCliReference('prod/orders/db:password')).toEqual({
      kind: 'secret',
      reference: { secretId: 'prod/orders/db', jsonKey: 'password' },
    });
    // A secret may be named like a parameter path; only ssm: or --parameter make it one.
    expect(parseCliReference('/prod/db')).toMatchObject({ kind: 'secret' });
    expect(
      parseCliReference('arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-AbCdEf'),
    ).toMatchObject({ kind: 'secret' });
  });

  it.each([
    ['ssm:/prod/orders db', 'INVALID_NAME', /not a valid parameter name/],
    ['ssm:/prod/db:1:2', 'TOO_MANY_FIELDS', /at most one/],
    ['ssm:/prod/db:0', 'INVALID_SELECTOR', /versions start at 1/],
    ['ssm:/prod/db:aws-live', 'INVALID_SELECTOR', /can't begin with "aws"/],
    ['ssm:', 'EMPTY_REFERENCE', /empty/],
    ['arn:aws:ssm:us-east-2:1234:parameter/x', 'INVALID_ACCOUNT', /12-digit/],
  ])('%s is refused before any call: %s', (ref, code, message) => {
    const error = thrown(() => parseCliReference(ref));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/ssm:<name or ARN>\[:<version>\|:<label>\]/);
  });

  it('a bad secret reference keeps the secret hint', () => {
    expect(thrown(() => parseCliReference('prod/db:')).hint).toMatch(
      /<name or ARN>\[:<json key>\]/,
    );
  });
});

describe('namesParameter', () => {
  it.each([
    ['ssm:/x', true],
    ['arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/x', true],
    ['/x', false],
    ['prod/db', false],
    ['arn:aws:secretsmanager:us-east-2:111122223333:secret:x', false],
  ])('%s → %s', (ref, expected) => {
    expect(namesParameter(ref)).toBe(expected);
  });
});
