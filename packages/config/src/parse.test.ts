// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${secret:...} is the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import {
  ACCESS_KEY_ID,
  accessKey,
  defaultChain,
  instanceProfile,
  ROLE,
  roleBased,
  SECRET_ACCESS_KEY,
  withConnection,
} from './test-fixtures.js';

const issuesOf = (input: unknown) => {
  const result = parseConfig(input);
  return result.ok ? [] : result.issues;
};

describe('parseConfig accepts each auth type and applies defaults', () => {
  it('role-based', () => {
    const result = parseConfig(roleBased());
    expect(result).toEqual({
      ok: true,
      warnings: [],
      config: {
        vault: {
          type: 'aws-secrets-manager',
          authType: 'role-based',
          region: 'us-east-2',
          iamRole: ROLE,
          durationSeconds: 3600,
          sourceCredentials: 'instance-profile',
          cache: { ttlSeconds: 300, maxEntries: 1000, maxStaleSeconds: 900 },
        },
        connections: {},
      },
    });
  });

  it.each([
    ['instance-profile', instanceProfile()],
    ['access-key', accessKey()],
    ['default-chain', defaultChain()],
  ])('%s', (authType, input) => {
    const result = parseConfig(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config.vault.authType).toBe(authType);
      expect(result.config.vault.cache).toEqual({
        ttlSeconds: 300,
        maxEntries: 1000,
        maxStaleSeconds: 900,
      });
    }
  });

  it('keeps every optional role-based key', () => {
    const vault = {
      type: 'aws-secrets-manager',
      authType: 'role-based',
      region: 'us-east-2',
      endpoint: 'https://vpce-0a1b2c3d.secretsmanager.us-east-2.vpce.amazonaws.com',
      accountId: '111122223333',
      iamRole: ROLE,
      externalId: 'ext-1234',
      sessionName: 'vaultline@host-1',
      durationSeconds: 900,
      stsEndpoint: 'https://sts.us-east-2.amazonaws.com',
      stsEndpointRegion: 'us-east-2',
      sourceCredentials: 'default-chain',
      roleChain: [
        { roleArn: 'arn:aws:iam::111122223333:role/reader', externalId: 'abc', sessionName: 'hop' },
      ],
      instanceMetadata: { endpoint: 'http://169.254.169.254', timeoutMs: 500, maxRetries: 3 },
      cache: { ttlSeconds: 0, maxEntries: 1, maxStaleSeconds: 0 },
    };
    const result = parseConfig({ vault });
    expect(result).toEqual({ ok: true, config: { vault, connections: {} }, warnings: [] });
  });

  it('fills instanceMetadata defaults when the section is present', () => {
    const result = parseConfig(instanceProfile({ instanceMetadata: {} }));
    expect(result.ok && result.config.vault.instanceMetadata).toEqual({
      timeoutMs: 1000,
      maxRetries: 1,
    });
  });

  it('accepts literals, reference objects and placeholders in connections', () => {
    const connection = {
      host: 'db.internal',
      port: 5432,
      ssl: false,
      user: { secret: 'prod/orders/db:username' },
      url: 'jdbc:postgresql://${secret:prod/orders/db:host}:5432/orders',
    };
    const result = parseConfig(withConnection(connection));
    expect(result.ok && result.config.connections).toEqual({ 'orders-db': connection });
  });
});

// Each row: an input, the path of the expected issue, and a piece of its message.
describe('parseConfig rejects', () => {
  it.each([
    ['a non-object', 'hello', '', 'must be a mapping'],
    ['a list', [], '', 'must be a mapping'],
    ['an empty config', {}, 'vault', 'is required'],
    ['an unknown top-level key', { ...roleBased(), extra: 1 }, 'extra', 'unknown key'],
    [
      'a misspelt top-level key',
      { ...roleBased(), conections: {} },
      'conections',
      'did you mean connections?',
    ],
    [
      'a vault that is not a mapping',
      { vault: 'aws' },
      'vault',
      'expected a mapping; got a string',
    ],
    [
      'a missing authType',
      { vault: { region: 'us-east-2' } },
      'vault.authType',
      'is required: one of role-based',
    ],
    [
      'an unknown authType',
      roleBased({ authType: 'iam-role' }),
      'vault.authType',
      'is not an authType',
    ],
    [
      'a misspelt authType',
      roleBased({ authType: 'role_based' }),
      'vault.authType',
      'did you mean role-based?',
    ],
    [
      'a wrong type',
      roleBased({ type: 'hashicorp-vault' }),
      'vault.type',
      "must be 'aws-secrets-manager'",
    ],
    ['a missing region', roleBased({ region: undefined }), 'vault.region', 'is required'],
    [
      'a region name',
      roleBased({ region: 'US East (Ohio)' }),
      'vault.region',
      'did you mean us-east-2?',
    ],
    ['a region city', roleBased({ region: 'Ireland' }), 'vault.region', 'did you mean eu-west-1?'],
    [
      'a region in capitals',
      roleBased({ region: 'US-EAST-2' }),
      'vault.region',
      'did you mean us-east-2?',
    ],
    [
      'a numeric region',
      roleBased({ region: 2 }),
      'vault.region',
      'expected a string; got a number',
    ],
    [
      'an http endpoint',
      roleBased({ endpoint: 'http://secretsmanager.us-east-2.amazonaws.com' }),
      'vault.endpoint',
      'must use https',
    ],
    [
      'a relative endpoint',
      roleBased({ endpoint: 'secretsmanager' }),
      'vault.endpoint',
      'absolute URL',
    ],
    ['a short accountId', roleBased({ accountId: '1234' }), 'vault.accountId', '12 digits'],
    [
      'an unquoted accountId',
      roleBased({ accountId: 111122223333 }),
      'vault.accountId',
      'write the account id in quotes',
    ],
    [
      'a missing iamRole',
      roleBased({ iamRole: undefined }),
      'vault.iamRole',
      'is required: give the ARN of the role',
    ],
    [
      'a user ARN as iamRole',
      roleBased({ iamRole: 'arn:aws:iam::111122223333:user/bob' }),
      'vault.iamRole',
      'names an IAM user',
    ],
    [
      'a role name as iamRole',
      roleBased({ iamRole: 'vaultline-agent' }),
      'vault.iamRole',
      'is not a role ARN',
    ],
    ['a short externalId', roleBased({ externalId: 'x' }), 'vault.externalId', '2 to 1224'],
    [
      'a sessionName with a space',
      roleBased({ sessionName: 'my session' }),
      'vault.sessionName',
      '2 to 64',
    ],
    [
      'a sessionName too long',
      roleBased({ sessionName: 's'.repeat(65) }),
      'vault.sessionName',
      '2 to 64',
    ],
    [
      'durationSeconds below 900',
      roleBased({ durationSeconds: 899 }),
      'vault.durationSeconds',
      'at least 900',
    ],
    [
      'durationSeconds above 43200',
      roleBased({ durationSeconds: 43_201 }),
      'vault.durationSeconds',
      'at most 43200',
    ],
    [
      'fractional durationSeconds',
      roleBased({ durationSeconds: 1000.5 }),
      'vault.durationSeconds',
      'whole number',
    ],
    [
      'durationSeconds as text',
      roleBased({ durationSeconds: '1h' }),
      'vault.durationSeconds',
      'expected a number',
    ],
    [
      'an http stsEndpoint',
      roleBased({ stsEndpoint: 'http://sts.amazonaws.com' }),
      'vault.stsEndpoint',
      'must use https',
    ],
    [
      'a bad stsEndpointRegion',
      roleBased({ stsEndpoint: 'https://sts.amazonaws.com', stsEndpointRegion: 'Ohio' }),
      'vault.stsEndpointRegion',
      'did you mean us-east-2?',
    ],
    [
      'an unknown sourceCredentials',
      roleBased({ sourceCredentials: 'access-key' }),
      'vault.sourceCredentials',
      "'instance-profile' or 'default-chain'",
    ],
    [
      'a bad roleChain role',
      roleBased({ roleChain: [{ roleArn: 'arn:aws:iam::111122223333:group/x' }] }),
      'vault.roleChain[0].roleArn',
      'names an IAM group',
    ],
    [
      'a roleChain link without roleArn',
      roleBased({ roleChain: [{}] }),
      'vault.roleChain[0].roleArn',
      'is required',
    ],
    [
      'an unknown roleChain key',
      roleBased({ roleChain: [{ roleArn: ROLE, role: 'x' }] }),
      'vault.roleChain[0].role',
      'did you mean roleArn?',
    ],
    [
      'a roleChain of 11',
      roleBased({ roleChain: Array.from({ length: 11 }, () => ({ roleArn: ROLE })) }),
      'vault.roleChain',
      'at most 10',
    ],
    [
      'a misspelt role-based key',
      roleBased({ iamrole: ROLE }),
      'vault.iamrole',
      'did you mean iamRole?',
    ],
    [
      'an access-key key on role-based',
      roleBased({ accessKeyId: ACCESS_KEY_ID }),
      'vault.accessKeyId',
      'belongs to authType access-key',
    ],
    [
      'a role key on instance-profile',
      instanceProfile({ iamRole: ROLE }),
      'vault.iamRole',
      'is not used with authType instance-profile',
    ],
    ['an unknown cache key', roleBased({ cache: { ttl: 5 } }), 'vault.cache.ttl', 'unknown key'],
    [
      'a negative ttlSeconds',
      roleBased({ cache: { ttlSeconds: -1 } }),
      'vault.cache.ttlSeconds',
      'at least 0',
    ],
    [
      'maxEntries of 0',
      roleBased({ cache: { maxEntries: 0 } }),
      'vault.cache.maxEntries',
      'at least 1',
    ],
    [
      'a huge maxStaleSeconds',
      roleBased({ cache: { maxStaleSeconds: 86_401 } }),
      'vault.cache.maxStaleSeconds',
      'at most 86400',
    ],
    [
      'an IMDS endpoint that is not a URL',
      instanceProfile({ instanceMetadata: { endpoint: '169.254.169.254' } }),
      'vault.instanceMetadata.endpoint',
      'expected an http URL',
    ],
    [
      'an IMDS timeout of 0',
      instanceProfile({ instanceMetadata: { timeoutMs: 0 } }),
      'vault.instanceMetadata.timeoutMs',
      'at least 1',
    ],
    [
      'too many IMDS retries',
      instanceProfile({ instanceMetadata: { maxRetries: 11 } }),
      'vault.instanceMetadata.maxRetries',
      'at most 10',
    ],
    [
      'an accessKeyId alone',
      accessKey({ secretAccessKey: undefined }),
      'vault.secretAccessKey',
      'needs both accessKeyId and secretAccessKey',
    ],
    [
      'a secretAccessKey alone',
      accessKey({ accessKeyId: undefined }),
      'vault.accessKeyId',
      'needs both accessKeyId and secretAccessKey',
    ],
    [
      'a malformed accessKeyId',
      accessKey({ accessKeyId: 'AKIA123' }),
      'vault.accessKeyId',
      'AKIA (long-term) or ASIA',
    ],
    [
      'a lower-case accessKeyId',
      accessKey({ accessKeyId: ACCESS_KEY_ID.toLowerCase() }),
      'vault.accessKeyId',
      'AKIA (long-term) or ASIA',
    ],
    [
      'a short secretAccessKey',
      accessKey({ secretAccessKey: SECRET_ACCESS_KEY.slice(1) }),
      'vault.secretAccessKey',
      'is 40 characters; this one has 39',
    ],
    ['an empty sessionToken', accessKey({ sessionToken: '' }), 'vault.sessionToken', 'is empty'],
    [
      'connections as a list',
      { ...roleBased(), connections: [] },
      'connections',
      'expected a mapping',
    ],
    [
      'a connection that is a string',
      { ...roleBased(), connections: { db: 'x' } },
      'connections.db',
      'expected a mapping',
    ],
    [
      'a bad connection name',
      { ...roleBased(), connections: { 'orders db': {} } },
      'connections["orders db"]',
      'a connection name is',
    ],
    [
      'a bad property name',
      withConnection({ 'user name': 'x' }),
      'connections.orders-db["user name"]',
      'a property name is',
    ],
    [
      'a null property',
      withConnection({ user: null }),
      'connections.orders-db.user',
      'a string, a number, a boolean, { secret',
    ],
    [
      'a list property',
      withConnection({ hosts: ['a'] }),
      'connections.orders-db.hosts',
      'a string, a number, a boolean, { secret',
    ],
    [
      'a reference object with a typo',
      withConnection({ user: { secrte: 'prod/db' } }),
      'connections.orders-db.user.secrte',
      'did you mean secret?',
    ],
    [
      'a reference object with a bad name',
      withConnection({ user: { secret: 'prod orders' } }),
      'connections.orders-db.user.secret',
      'is not a valid secret name',
    ],
    [
      'a double quote in a name',
      withConnection({ user: { secret: 'prod/"db"' } }),
      'connections.orders-db.user.secret',
      'AWS Secrets Manager rejects it',
    ],
    [
      'an empty JSON key',
      withConnection({ user: { secret: 'prod/db:' } }),
      'connections.orders-db.user.secret',
      'names no JSON key',
    ],
    [
      'too many fields',
      withConnection({ user: { secret: 'prod/db:a:b:c:d' } }),
      'connections.orders-db.user.secret',
      'expected at most 3',
    ],
    [
      'a malformed ARN',
      withConnection({ user: { secret: 'arn:aws:secretsmanager:us-east-2:1234:secret:db' } }),
      'connections.orders-db.user.secret',
      '12-digit',
    ],
    [
      'an unclosed placeholder',
      withConnection({ url: 'jdbc://${secret:prod/db:host' }),
      'connections.orders-db.url',
      "has no closing '}'",
    ],
    [
      'a bad placeholder',
      withConnection({ url: 'jdbc://${secret:prod db:host}' }),
      'connections.orders-db.url',
      'is not a valid secret name',
    ],
  ])('%s', (_label, input, path, message) => {
    const issues = issuesOf(input);
    const match = issues.find((issue) => issue.path === path);
    expect(match, JSON.stringify(issues)).toBeDefined();
    expect(match?.message).toContain(message);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(
      roleBased({ region: 'Ohio', iamRole: 'x', durationSeconds: 1, bogus: 1 }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'vault.bogus',
      'vault.durationSeconds',
      'vault.iamRole',
      'vault.region',
    ]);
  });
});
