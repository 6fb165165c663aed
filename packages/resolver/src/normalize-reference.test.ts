import { describe, expect, it } from 'vitest';
import { ResolverError } from './errors.js';
import { isCrossAccount, normalizeReference } from './normalize-reference.js';

const vault = { region: 'us-east-2', accountId: '111122223333' };
const OTHER_FULL = 'arn:aws:secretsmanager:us-east-2:444455556666:secret:shared/db-AbCdEf';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ResolverError ? error.code : 'not a ResolverError';
  }
};

describe('normalizeReference', () => {
  it.each([
    ['prod/db', { secretId: 'prod/db' }],
    ['prod/db:password', { secretId: 'prod/db', jsonKey: 'password' }],
    [`${OTHER_FULL}:password`, { secretId: OTHER_FULL, jsonKey: 'password' }],
    ['prod/db::AWSPREVIOUS:', { secretId: 'prod/db', versionStage: 'AWSPREVIOUS' }],
    [
      { secretId: 'prod/db', versionId: 'abc' },
      { secretId: 'prod/db', versionId: 'abc' },
    ],
  ])('accepts %j', (ref, expected) => {
    expect(normalizeReference(ref, vault)).toMatchObject(expected);
  });

  it.each([
    ['', 'INVALID_REFERENCE'],
    ['prod/db:', 'INVALID_REFERENCE'],
    ['bad name!', 'INVALID_REFERENCE'],
    ['a:b:c:d:e', 'INVALID_REFERENCE'],
    [{ secretId: 'prod/db:password' }, 'INVALID_REFERENCE'],
    [{ secretId: 42 }, 'INVALID_REFERENCE'],
    ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf', 'REGION_MISMATCH'],
    ['arn:aws:secretsmanager:us-east-2:444455556666:secret:shared/db', 'INVALID_REFERENCE'],
  ])('refuses %j before any call with %s', (ref, code) => {
    expect(codeOf(() => normalizeReference(ref as never, vault))).toBe(code);
  });

  it('states the cross-account and region rules in the message', () => {
    expect(() =>
      normalizeReference('arn:aws:secretsmanager:us-east-2:444455556666:secret:shared/db', vault),
    ).toThrow(/another account must be referenced by its full ARN/);
    expect(() =>
      normalizeReference(
        'arn:aws:secretsmanager:eu-west-1:444455556666:secret:shared/db-AbCdEf',
        vault,
      ),
    ).toThrow(/must be in the vault's region/);
  });

  it('allows a partial ARN in the own account, and anything when the account is unknown', () => {
    const own = 'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db';
    expect(normalizeReference(own, vault).secretId).toBe(own);
    const foreign = 'arn:aws:secretsmanager:us-east-2:444455556666:secret:shared/db';
    expect(normalizeReference(foreign, { region: 'us-east-2' }).secretId).toBe(foreign);
  });

  it('tells cross-account references apart', () => {
    expect(isCrossAccount({ secretId: 'prod/db' }, vault)).toBe(false);
    expect(isCrossAccount(normalizeReference(OTHER_FULL, vault), vault)).toBe(true);
    expect(isCrossAccount(normalizeReference(OTHER_FULL, vault), { region: 'us-east-2' })).toBe(
      undefined,
    );
  });
});
