// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${secret:...} is the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { vaultAccountId } from './rules.js';
import { vaultConfigSchema } from './schema.js';
import {
  accessKey,
  defaultChain,
  instanceProfile,
  ROLE,
  roleBased,
  withConnection,
} from './test-fixtures.js';

const SAME = '111122223333';
const OTHER = '444455556666';
const arn = (account: string, region = 'us-east-2', name = 'prod/orders/db', partition = 'aws') =>
  `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}`;
const ref = (secret: string) => ({ user: { secret } });
const PARAMETER_ARN = (region: string, partition = 'aws') =>
  `arn:${partition}:ssm:${region}:${SAME}:parameter/prod/orders/db/host`;

const errorsOf = (input: unknown, options = {}) => {
  const result = parseConfig(input, options);
  return result.ok ? [] : result.issues;
};
const warningsOf = (input: unknown, options = {}) => {
  const result = parseConfig(input, options);
  if (!result.ok) throw new Error(`expected a valid config: ${JSON.stringify(result.issues)}`);
  return result.warnings;
};

describe('cross-field errors', () => {
  it.each([
    [
      'a partial ARN in another account',
      withConnection(ref(arn(OTHER))),
      'connections.orders-db.user.secret',
      'reference a secret in another account by its full ARN',
    ],
    [
      'a partial ARN in another account, inside a placeholder',
      withConnection({ url: `jdbc://\${secret:${arn(OTHER)}:host}` }),
      'connections.orders-db.url',
      'by its full ARN',
    ],
    [
      'a partial ARN outside vault.accountId',
      { ...withConnection(ref(arn(OTHER))), vault: instanceProfile({ accountId: SAME }).vault },
      'connections.orders-db.user.secret',
      `not the vault's account ${SAME}`,
    ],
    [
      'a secret in another region',
      withConnection(ref(`${arn(SAME, 'us-west-2')}-AbCdEf`)),
      'connections.orders-db.user.secret',
      'the secret is in us-west-2 but vault.region is us-east-2',
    ],
    [
      'a cross-account secret in another region',
      withConnection(ref(`${arn(OTHER, 'eu-west-1')}-AbCdEf`)),
      'connections.orders-db.user.secret',
      'is in eu-west-1',
    ],
    [
      'an ARN whose partition does not hold its region',
      withConnection(ref(`${arn(SAME, 'us-east-2', 'db', 'aws-cn')}-AbCdEf`)),
      'connections.orders-db.user.secret',
      'says partition aws-cn but its region us-east-2 is in aws',
    ],
    [
      'a parameter ARN in another region',
      withConnection({ host: { parameter: `${PARAMETER_ARN('us-west-2')}:3` } }),
      'connections.orders-db.host.parameter',
      `parameter '${PARAMETER_ARN('us-west-2')}:3' is in region us-west-2, but the vault reads from us-east-2: a referenced parameter must be in the vault's region`,
    ],
    [
      'a parameter ARN in another region, inside a placeholder',
      withConnection({ url: `postgres://\${ssm:${PARAMETER_ARN('eu-west-1')}}/orders` }),
      'connections.orders-db.url',
      'is in region eu-west-1, but the vault reads from us-east-2',
    ],
    [
      'a parameter ARN whose partition does not hold the vault region',
      withConnection({ host: { parameter: PARAMETER_ARN('us-east-2', 'aws-cn') } }),
      'connections.orders-db.host.parameter',
      'says partition aws-cn, but its region us-east-2 is in aws',
    ],
    [
      'a role from another partition',
      roleBased({ iamRole: 'arn:aws-cn:iam::111122223333:role/agent' }),
      'vault.iamRole',
      'a role can only be used in its own partition',
    ],
    [
      'a chained role from another partition',
      roleBased({ roleChain: [{ roleArn: 'arn:aws-us-gov:iam::111122223333:role/x' }] }),
      'vault.roleChain[0].roleArn',
      'its own partition',
    ],
  ])('%s', (_label, input, path, message) => {
    const issues = errorsOf(input);
    const match = issues.find((issue) => issue.path === path);
    expect(match, JSON.stringify(issues)).toBeDefined();
    expect(match?.message).toContain(message);
  });

  it.each([
    ['a full ARN in another account', withConnection(ref(`${arn(OTHER)}-AbCdEf:password`))],
    ['a partial ARN in the same account', withConnection(ref(arn(SAME)))],
    ['a name', withConnection(ref('prod/orders/db:password'))],
    [
      'a parameter ARN in the vault region',
      withConnection({ host: { parameter: PARAMETER_ARN('us-east-2') } }),
    ],
    ['a parameter name', withConnection({ host: { parameter: '/prod/orders/db/host' } })],
    [
      'a full ARN in the last chained role account',
      withConnection(ref(arn(OTHER)), {
        roleChain: [{ roleArn: `arn:aws:iam::${OTHER}:role/reader` }],
      }),
    ],
  ])('accepts %s', (_label, input) => {
    expect(errorsOf(input)).toEqual([]);
  });
});

describe('warnings', () => {
  it.each([
    [
      'an stsEndpointRegion (us-east-1) without stsEndpoint',
      roleBased({ stsEndpointRegion: 'us-east-1' }),
      'vault.stsEndpointRegion',
      'stsEndpoint is not',
    ],
    [
      'a long session whose default-chain source may be a role',
      roleBased({ durationSeconds: 7200, sourceCredentials: 'default-chain' }),
      'vault.durationSeconds',
      'AWS caps the session at 3600 seconds',
    ],
    [
      'an stsEndpoint on a non-AWS host',
      roleBased({ stsEndpoint: 'https://auth.example.com' }),
      'vault.stsEndpoint',
      'not an AWS STS host',
    ],
    [
      'a region newer than the SDK data',
      roleBased({ region: 'us-east-9' }),
      'vault.region',
      'not a region in the AWS SDK data',
    ],
    [
      'an endpoint in another region',
      roleBased({ endpoint: 'https://secretsmanager.us-west-2.amazonaws.com' }),
      'vault.endpoint',
      'is in us-west-2 but vault.region is us-east-2',
    ],
    [
      'an endpoint of another service',
      roleBased({ endpoint: 'https://sts.us-east-2.amazonaws.com' }),
      'vault.endpoint',
      'is an endpoint of sts, not of Secrets Manager',
    ],
    [
      'a temporary key without a session token',
      accessKey({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }),
      'vault.accessKeyId',
      'add vault.sessionToken',
    ],
    [
      'a long-term key with a session token',
      accessKey({ sessionToken: 'token' }),
      'vault.sessionToken',
      'AKIA… keys are long-term',
    ],
    [
      'IMDS settings with access keys',
      accessKey({ instanceMetadata: {} }),
      'vault.instanceMetadata',
      'has no effect',
    ],
    [
      'an accountId that is not the role account',
      roleBased({ accountId: OTHER }),
      'vault.accountId',
      `in account ${SAME}`,
    ],
    [
      'a partial ARN when the vault account is unknown',
      { ...withConnection(ref(arn(SAME))), vault: defaultChain().vault },
      'connections.orders-db.user.secret',
      'set vault.accountId',
    ],
    [
      'a secret name AWS advises against',
      withConnection(ref('prod//orders')),
      'connections.orders-db.user.secret',
      "'//' makes an empty path segment",
    ],
  ])('%s', (_label, input, path, message) => {
    const warnings = warningsOf(input);
    const match = warnings.find((warning) => warning.path === path);
    expect(match, JSON.stringify(warnings)).toBeDefined();
    expect(match?.message).toContain(message);
  });

  it.each([0o600, 0o400, 0o700])('no file-mode warning for mode %o', (fileMode) => {
    expect(warningsOf(accessKey(), { fileMode, filePath: 'v.yaml' })).toEqual([]);
  });

  it.each([0o640, 0o440, 0o610])(
    'warns about a secretAccessKey in a file with mode %o (group-readable)',
    (fileMode) => {
      const warnings = warningsOf(accessKey(), { fileMode, filePath: 'v.yaml' });
      expect(warnings).toEqual([
        { path: 'vault.secretAccessKey', message: expect.stringContaining('run chmod 600 v.yaml') },
      ]);
    },
  );

  it.each([
    [0o644, 'which every user can read (mode 644)'],
    [0o604, 'which every user can read (mode 604)'],
    [0o660, 'which group or others can write (mode 660)'],
    [0o666, 'which group or others can write (mode 666)'],
  ])('refuses a secretAccessKey in a file with mode %o', (fileMode, words) => {
    const result = parseConfig(accessKey(), { fileMode, filePath: 'v.yaml' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'vault.secretAccessKey',
        message: expect.stringMatching(
          new RegExp(`${words.replace(/[()]/g, '\\$&')}: run chmod 600 v\\.yaml`),
        ),
      },
    ]);
  });

  it('accepts a world-readable key file, with a warning, when VAULTLINE_ALLOW_WORLD_READABLE_CONFIG=1; never a writable one', () => {
    const env = { VAULTLINE_ALLOW_WORLD_READABLE_CONFIG: '1' };
    expect(warningsOf(accessKey(), { fileMode: 0o644, filePath: 'v.yaml', env })).toEqual([
      { path: 'vault.secretAccessKey', message: expect.stringContaining('mode 644') },
    ]);
    expect(parseConfig(accessKey(), { fileMode: 0o666, env }).ok).toBe(false);
  });

  it('no file-mode warning when the key came from the environment', () => {
    const input = accessKey({ secretAccessKey: undefined });
    const env = { VAULTLINE_SECRET_ACCESS_KEY: 'x'.repeat(40) };
    expect(warningsOf(input, { fileMode: 0o644, env })).toEqual([]);
  });

  it.each([
    [
      'the STS host of the configured region',
      roleBased({
        stsEndpoint: 'https://sts.us-east-2.amazonaws.com',
        stsEndpointRegion: 'us-east-2',
      }),
    ],
    [
      'the global STS host',
      roleBased({ stsEndpoint: 'https://sts.amazonaws.com', stsEndpointRegion: 'us-east-1' }),
    ],
    [
      'an STS VPC endpoint',
      roleBased({ stsEndpoint: 'https://vpce-0a1b-c2d3.sts.us-east-2.vpce.amazonaws.com' }),
    ],
    [
      'the local emulator',
      roleBased({ stsEndpoint: 'http://127.0.0.1:4566', endpoint: 'http://127.0.0.1:4566' }),
    ],
    [
      'a FIPS Secrets Manager endpoint',
      roleBased({ endpoint: 'https://secretsmanager-fips.us-east-2.amazonaws.com' }),
    ],
    ['a private DNS name', roleBased({ endpoint: 'https://secrets.internal.example.com' })],
  ])('no warning for %s', (_label, input) => {
    expect(warningsOf(input)).toEqual([]);
  });
});

describe('vaultAccountId', () => {
  const vault = (input: { vault: unknown }) => vaultConfigSchema.parse(input.vault);
  it.each([
    ['the role account', roleBased(), SAME],
    [
      'the last chained role account',
      roleBased({ roleChain: [{ roleArn: `arn:aws:iam::${OTHER}:role/x` }] }),
      OTHER,
    ],
    ['accountId over the role', roleBased({ accountId: OTHER }), OTHER],
    ['accountId alone', instanceProfile({ accountId: OTHER }), OTHER],
    ['nothing known', defaultChain(), undefined],
  ])('%s', (_label, input, expected) => {
    expect(vaultAccountId(vault(input))).toBe(expected);
  });
});

// What makes every command fail before any AWS call is an error of validate, with the
// message the run time gives (chooseStsEndpoint is the one rule for both).
describe('validate = run time', () => {
  it.each([
    [
      'an stsEndpoint on a Secrets Manager host (the product document example)',
      roleBased({ stsEndpoint: 'https://secretsmanager.us-west-1.amazonaws.com' }),
      'vault.stsEndpoint',
      'is a secretsmanager endpoint, not an STS endpoint: expected an STS host such as https://sts.us-west-1.amazonaws.com',
    ],
    [
      'an stsEndpointRegion that contradicts the STS host',
      roleBased({
        stsEndpoint: 'https://sts.us-west-1.amazonaws.com',
        stsEndpointRegion: 'us-east-2',
      }),
      'vault.stsEndpointRegion',
      'the STS endpoint https://sts.us-west-1.amazonaws.com is in us-west-1',
    ],
    [
      'an stsEndpointRegion other than us-east-1 without stsEndpoint (the global endpoint)',
      roleBased({ stsEndpointRegion: 'us-east-2' }),
      'vault.stsEndpointRegion',
      'only accepts signatures for us-east-1 (it is used because stsEndpoint is not set)',
    ],
    [
      'a long session with role chaining',
      roleBased({ durationSeconds: 7200, roleChain: [{ roleArn: ROLE }] }),
      'vault.durationSeconds',
      'caps role-chained sessions at 3600',
    ],
    [
      'a long session from instance-profile credentials (a role session: chaining)',
      roleBased({ durationSeconds: 7200 }),
      'vault.durationSeconds',
      'with sourceCredentials instance-profile, iamRole is assumed with role credentials',
    ],
  ])('%s', (_label, input, path, message) => {
    const issues = errorsOf(input);
    const match = issues.find((issue) => issue.path === path);
    expect(match, JSON.stringify(issues)).toBeDefined();
    expect(match?.message).toContain(message);
  });

  it('an opt-in region uses its regional STS endpoint; the others keep the global one', async () => {
    const { defaultStsEndpoint } = await import('./sts-endpoint.js');
    expect(defaultStsEndpoint('us-east-2')).toEqual({
      url: 'https://sts.amazonaws.com',
      signingRegion: 'us-east-1',
      kind: 'global',
    });
    for (const [region, url] of [
      ['ap-east-1', 'https://sts.ap-east-1.amazonaws.com'],
      ['me-south-1', 'https://sts.me-south-1.amazonaws.com'],
      ['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn'],
      ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com'],
    ]) {
      expect(defaultStsEndpoint(region!)).toEqual({ url, signingRegion: region, kind: 'regional' });
    }
    // In an opt-in region, stsEndpointRegion must name that region.
    expect(errorsOf(roleBased({ region: 'ap-east-1', stsEndpointRegion: 'us-east-1' }))).toEqual([
      expect.objectContaining({ path: 'vault.stsEndpointRegion' }),
    ]);
  });
});
