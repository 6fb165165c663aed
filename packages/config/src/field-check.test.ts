import { describe, expect, it } from 'vitest';
import { checkConnectionName, checkConnectionProperty, checkVaultField } from './field-check.js';

describe('checkVaultField', () => {
  it.each([
    ['region', 'us-east-2'],
    ['iamRole', 'arn:aws:iam::444455556666:role/vaultline-agent'],
    ['accountId', '111122223333'],
    ['endpoint', 'http://127.0.0.1:4510'],
    ['stsEndpoint', 'https://sts.us-east-2.amazonaws.com'],
    ['externalId', 'orders-7f3a'],
    ['sourceCredentials', 'instance-profile'],
    ['instanceMetadata.endpoint', 'http://127.0.0.1:4510'],
  ])('accepts %s %s', (field, value) => {
    expect(checkVaultField('role-based', field, value)).toEqual({ ok: true });
  });

  it.each([
    ['region', 'US East (Ohio)', 'did you mean us-east-2?'],
    ['iamRole', 'arn:aws:iam:444455556666:role/vaultline-agent', 'role'],
    ['accountId', '1111', 'an AWS account id is 12 digits'],
    ['endpoint', 'ftp://example.com', 'ftp'],
    ['instanceMetadata.endpoint', 'nope', 'expected an http URL'],
    ['nosuchfield', 'x', 'has no field nosuchfield'],
  ])('refuses %s %s, saying what validate says', (field, value, message) => {
    const result = checkVaultField('role-based', field, value);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

describe('checkConnectionProperty', () => {
  it('accepts literals and references, refuses a broken reference or name', () => {
    expect(checkConnectionProperty({ host: 'db.internal' })).toEqual({ ok: true });
    expect(checkConnectionProperty({ password: { secret: 'prod/db:password' } })).toEqual({
      ok: true,
    });
    expect(checkConnectionProperty({ password: { secret: '' } }).ok).toBe(false);
    expect(checkConnectionProperty({ 'bad key': 'x' }).ok).toBe(false);
    expect(checkConnectionProperty({ password: 'x', env: { PGPASSWORD: 'password' } })).toEqual({
      ok: true,
    });
    const missing = checkConnectionProperty({ password: 'x', env: { PGHOST: 'host' } });
    expect(missing.ok ? '' : missing.message).toContain(
      "'host' is not a property of this connection",
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder syntax, not a template
    expect(checkConnectionProperty({ url: 'x ${secret:}' }).ok).toBe(false);
  });
});

describe('checkConnectionName', () => {
  it('accepts a name validate accepts, refuses one it refuses', () => {
    expect(checkConnectionName('orders-db')).toEqual({ ok: true });
    const spaced = checkConnectionName('orders db');
    expect(spaced.ok ? '' : spaced.message).toContain('a connection name is 1 to 128');
  });
});
