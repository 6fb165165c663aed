import { describe, expect, it } from 'vitest';
import { applyEnvironmentOverrides, ENVIRONMENT_OVERRIDES } from './env.js';
import { parseConfig } from './parse.js';
import { ACCESS_KEY_ID, roleBased, SECRET_ACCESS_KEY } from './test-fixtures.js';

describe('environment overrides', () => {
  it.each([
    ['VAULTLINE_REGION', 'eu-west-1', ['region'], 'eu-west-1'],
    ['VAULTLINE_ENDPOINT', 'http://127.0.0.1:4566', ['endpoint'], 'http://127.0.0.1:4566'],
    ['VAULTLINE_ACCOUNT_ID', '111122223333', ['accountId'], '111122223333'],
    [
      'VAULTLINE_IAM_ROLE',
      'arn:aws:iam::111122223333:role/other',
      ['iamRole'],
      'arn:aws:iam::111122223333:role/other',
    ],
    ['VAULTLINE_EXTERNAL_ID', 'ext-9', ['externalId'], 'ext-9'],
    ['VAULTLINE_SESSION_NAME', 'ci-run', ['sessionName'], 'ci-run'],
    ['VAULTLINE_DURATION_SECONDS', '1800', ['durationSeconds'], 1800],
    [
      'VAULTLINE_STS_ENDPOINT',
      'https://sts.us-east-2.amazonaws.com',
      ['stsEndpoint'],
      'https://sts.us-east-2.amazonaws.com',
    ],
    ['VAULTLINE_SOURCE_CREDENTIALS', 'default-chain', ['sourceCredentials'], 'default-chain'],
    ['VAULTLINE_CACHE_TTL_SECONDS', '60', ['cache', 'ttlSeconds'], 60],
    ['VAULTLINE_CACHE_MAX_ENTRIES', '10', ['cache', 'maxEntries'], 10],
    ['VAULTLINE_CACHE_MAX_STALE_SECONDS', '0', ['cache', 'maxStaleSeconds'], 0],
  ])('%s=%s sets vault.%s', (variable, value, path, expected) => {
    const result = parseConfig(roleBased(), { env: { [variable]: value } });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    let actual: unknown = result.ok ? result.config.vault : undefined;
    for (const key of path) actual = (actual as Record<string, unknown>)[key];
    expect(actual).toBe(expected);
  });

  it('every override names a key of the schema', () => {
    for (const override of ENVIRONMENT_OVERRIDES) {
      expect(override.segments[0]).toBe('vault');
      expect(override.variable).toMatch(/^VAULTLINE_[A-Z_]+$/);
    }
  });

  it('ignores empty variables and leaves the input untouched', () => {
    const input = roleBased();
    const before = structuredClone(input);
    const result = applyEnvironmentOverrides(input, { VAULTLINE_REGION: '' });
    expect(result.applied).toEqual([]);
    applyEnvironmentOverrides(input, { VAULTLINE_REGION: 'eu-west-1' });
    expect(input).toEqual(before);
  });

  it('builds a whole vault from the environment when the file has none', () => {
    const result = parseConfig(null, {
      env: {
        VAULTLINE_AUTH_TYPE: 'access-key',
        VAULTLINE_REGION: 'us-east-2',
        VAULTLINE_ACCESS_KEY_ID: ACCESS_KEY_ID,
        VAULTLINE_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      },
    });
    expect(result.ok && result.config.vault).toMatchObject({
      authType: 'access-key',
      accessKeyId: ACCESS_KEY_ID,
    });
  });

  it('drops keys the overriding authType does not use, with a warning', () => {
    const result = parseConfig(roleBased({ externalId: 'ext-1' }), {
      env: { VAULTLINE_AUTH_TYPE: 'default-chain' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.vault).not.toHaveProperty('iamRole');
    expect(result.warnings).toEqual([
      { path: 'vault.authType', message: expect.stringContaining('ignoring iamRole, externalId') },
    ]);
  });

  it('names the variable in an issue it caused', () => {
    const result = parseConfig(roleBased(), { env: { VAULTLINE_REGION: 'US East (Ohio)' } });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'vault.region',
          message: expect.stringMatching(/did you mean us-east-2\? \(from VAULTLINE_REGION\)$/),
        },
      ],
    });
  });

  it('names the source an app gives for the variable (a flag it turned into the variable)', () => {
    const result = parseConfig(roleBased(), {
      env: { VAULTLINE_REGION: 'us-east-2 ' },
      overrideSources: { VAULTLINE_REGION: '--region' },
    });
    expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(/\(from --region\)$/),
    ]);
  });

  it('keeps a non-numeric number override as text, so the schema reports it', () => {
    const result = parseConfig(roleBased(), { env: { VAULTLINE_DURATION_SECONDS: '1h' } });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'vault.durationSeconds',
        message: expect.stringContaining('(from VAULTLINE_DURATION_SECONDS)'),
      },
    ]);
  });

  it('parseConfig reads no environment unless given one', () => {
    process.env.VAULTLINE_REGION = 'US East (Ohio)';
    try {
      expect(parseConfig(roleBased()).ok).toBe(true);
    } finally {
      delete process.env.VAULTLINE_REGION;
    }
  });
});
