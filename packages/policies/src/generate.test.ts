import { describe, expect, it } from 'vitest';
import { PolicyError } from './errors.js';
import { formatPolicyForPeople } from './format.js';
import { generatePolicies, generatePolicy } from './generate.js';
import { validatePolicyGrammar } from './grammar.js';
import { policyOptionsFromConfig } from './options.js';
import type { PolicyEntry, PolicyId, PolicyOptions, PolicyStatement } from './types.js';

const REGION = 'us-east-2';
const SECRETS = '111122223333';
const AGENT = '444455556666';
const AGENT_ROLE = `arn:aws:iam::${AGENT}:role/vaultline-agent`;
const INSTANCE_ROLE = `arn:aws:iam::${AGENT}:role/ec2-host`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${SECRETS}:secret:prod/db-a1B2c3`;
const KEY = `arn:aws:kms:${REGION}:${SECRETS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const OPTION_SETS: [string, PolicyOptions][] = [
  ['role-based, nothing known', { region: REGION, agentRoleArn: AGENT_ROLE }],
  [
    'role-based with instance role and external id',
    { region: REGION, agentRoleArn: AGENT_ROLE, instanceRoleArn: INSTANCE_ROLE, externalId: 'x-1' },
  ],
  ['self-assume', { region: REGION, agentRoleArn: AGENT_ROLE, instanceRoleArn: AGENT_ROLE }],
  [
    'instance profile',
    { region: REGION, authType: 'instance-profile', instanceRoleArn: INSTANCE_ROLE },
  ],
  ['access key', { region: REGION, authType: 'access-key' }],
  [
    'cross-account role-based',
    { region: REGION, agentRoleArn: AGENT_ROLE, secretArns: [SECRET], kmsKeyArn: KEY },
  ],
  [
    'cross-account, key unknown',
    { region: REGION, agentRoleArn: AGENT_ROLE, secretsAccountId: SECRETS },
  ],
  [
    'china partition',
    {
      region: 'cn-north-1',
      agentRoleArn: 'arn:aws-cn:iam::444455556666:role/agent',
      instanceRoleArn: 'arn:aws-cn:iam::444455556666:role/agent',
      secretsAccountId: SECRETS,
    },
  ],
];

const allEntries = OPTION_SETS.flatMap(([label, options]) =>
  generatePolicies(options).map((entry) => [`${label}: ${entry.id}`, entry] as const),
);

const statement = (entry: PolicyEntry, sid: string): PolicyStatement => {
  const found = entry.document.Statement.find((item) => item.Sid === sid);
  if (!found)
    throw new Error(
      `${entry.id} has no statement ${sid}: ${entry.document.Statement.map((item) => item.Sid).join(', ')}`,
    );
  return found;
};
const byId = (options: PolicyOptions, id: PolicyId): PolicyEntry => generatePolicy(id, options);

describe('every generated document', () => {
  it.each(allEntries)('%s is valid IAM grammar with a Sid on each statement', (_label, entry) => {
    expect(validatePolicyGrammar(entry.document, entry.kind)).toEqual({ valid: true, issues: [] });
    for (const item of entry.document.Statement) {
      expect(item.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(entry.statementNotes[item.Sid!]).toBeTruthy();
      expect(item.Effect).toBe('Allow');
    }
  });

  it.each(allEntries)('%s never grants a write or a wildcard action', (_label, entry) => {
    for (const item of entry.document.Statement) {
      for (const action of [item.Action].flat()) {
        expect(action).not.toMatch(/\*|Put|Create|Delete|Update|Encrypt|Tag/);
      }
    }
  });
});

describe('document sets by setup', () => {
  it.each<[string, PolicyOptions, PolicyId[]]>([
    ['role-based', { region: REGION, agentRoleArn: AGENT_ROLE }, ['read-policy', 'trust-policy']],
    [
      'role-based, instance role of another account',
      {
        region: REGION,
        agentRoleArn: AGENT_ROLE,
        instanceRoleArn: `arn:aws:iam::${SECRETS}:role/host`,
      },
      ['read-policy', 'instance-profile-policy', 'trust-policy'],
    ],
    [
      'instance profile',
      { region: REGION, authType: 'instance-profile', instanceRoleArn: INSTANCE_ROLE },
      ['instance-profile-policy', 'trust-policy'],
    ],
    ['access key', { region: REGION, authType: 'access-key' }, ['read-policy']],
    ['default chain', { region: REGION, authType: 'default-chain' }, ['read-policy']],
    [
      'cross-account access key',
      {
        region: REGION,
        authType: 'access-key',
        agentUserArn: `arn:aws:iam::${AGENT}:user/app`,
        secretArns: [SECRET],
      },
      ['read-policy', 'kms-key-policy', 'secret-resource-policy', 'agent-cross-account-policy'],
    ],
    [
      'same account given explicitly',
      { region: REGION, agentRoleArn: AGENT_ROLE, secretsAccountId: AGENT },
      ['read-policy', 'trust-policy'],
    ],
  ])('%s → %j', (_label, options, ids) => {
    expect(generatePolicies(options).map((entry) => entry.id)).toEqual(ids);
  });
});

describe('read policy', () => {
  it('allows the read actions on every secret when none are known, and list/batch on *', () => {
    const entry = byId({ region: REGION, agentRoleArn: AGENT_ROLE }, 'read-policy');
    expect(entry.document.Statement).toEqual([
      {
        Sid: 'ReadPolicyReadSecrets',
        Effect: 'Allow',
        Action: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
          'secretsmanager:ListSecretVersionIds',
        ],
        Resource: '*',
      },
      {
        Sid: 'ReadPolicyListSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
        Resource: '*',
      },
    ]);
    expect(entry).toMatchObject({ account: 'agent', accountId: AGENT, kind: 'identity' });
    expect(entry.attachTo).toContain(AGENT_ROLE);
  });

  it.each<[string, Partial<PolicyOptions>, string | string[]]>([
    [
      'a full ARN stays exact',
      { secretArns: [`arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/db-a1B2c3`] },
      `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/db-a1B2c3`,
    ],
    [
      'a partial ARN gets the suffix wildcard',
      { secretArns: [`arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/db`] },
      `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/db-??????`,
    ],
    [
      'a prefix in the agent account',
      { secretNamePrefixes: ['prod/'] },
      `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/*`,
    ],
    [
      'several',
      { secretNamePrefixes: ['prod/', 'shared/'] },
      [
        `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/*`,
        `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:shared/*`,
      ],
    ],
  ])('scopes to the secrets: %s', (_label, extra, resource) => {
    const entry = byId({ region: REGION, agentRoleArn: AGENT_ROLE, ...extra }, 'read-policy');
    expect(statement(entry, 'ReadPolicyReadSecrets').Resource).toEqual(resource);
    expect(statement(entry, 'ReadPolicyListSecrets').Resource).toBe('*');
  });

  it('adds kms:Decrypt through Secrets Manager for a customer managed key of the same account', () => {
    const key = `arn:aws:kms:${REGION}:${AGENT}:key/abcd`;
    const entry = byId({ region: REGION, agentRoleArn: AGENT_ROLE, kmsKeyArn: key }, 'read-policy');
    expect(statement(entry, 'ReadPolicyDecryptWithSecretsKey')).toEqual({
      Sid: 'ReadPolicyDecryptWithSecretsKey',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: key,
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
    });
  });

  it('leaves per-secret reads to the cross-account policy across accounts', () => {
    const entry = byId(
      { region: REGION, agentRoleArn: AGENT_ROLE, secretArns: [SECRET] },
      'read-policy',
    );
    expect(entry.document.Statement.map((item) => item.Sid)).toEqual(['ReadPolicyListSecrets']);
  });
});

describe('trust policy', () => {
  it.each<[string, PolicyOptions, PolicyStatement[]]>([
    [
      'any EC2 instance',
      { region: REGION, agentRoleArn: AGENT_ROLE },
      [
        {
          Sid: 'TrustEc2Service',
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
    [
      'the instance role',
      { region: REGION, agentRoleArn: AGENT_ROLE, instanceRoleArn: INSTANCE_ROLE },
      [
        {
          Sid: 'TrustInstanceRole',
          Effect: 'Allow',
          Principal: { AWS: INSTANCE_ROLE },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
    [
      'the instance role with an external id',
      {
        region: REGION,
        agentRoleArn: AGENT_ROLE,
        instanceRoleArn: INSTANCE_ROLE,
        externalId: 'x-1',
      },
      [
        {
          Sid: 'TrustInstanceRole',
          Effect: 'Allow',
          Principal: { AWS: INSTANCE_ROLE },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } },
        },
      ],
    ],
    [
      'self-assume',
      { region: REGION, agentRoleArn: AGENT_ROLE, instanceRoleArn: AGENT_ROLE },
      [
        {
          Sid: 'TrustEc2Service',
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
        {
          Sid: 'TrustSelfAssume',
          Effect: 'Allow',
          Principal: { AWS: AGENT_ROLE },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
    [
      'instance profile',
      { region: REGION, authType: 'instance-profile', instanceRoleArn: INSTANCE_ROLE },
      [
        {
          Sid: 'TrustEc2Service',
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
    [
      'China',
      { region: 'cn-north-1', agentRoleArn: 'arn:aws-cn:iam::444455556666:role/agent' },
      [
        {
          Sid: 'TrustEc2Service',
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com.cn' },
          Action: 'sts:AssumeRole',
        },
      ],
    ],
  ])('%s', (_label, options, statements) => {
    expect(byId(options, 'trust-policy').document.Statement).toEqual(statements);
  });

  it('says the external id cannot apply to the EC2 service principal', () => {
    const entry = byId(
      { region: REGION, agentRoleArn: AGENT_ROLE, externalId: 'x-1' },
      'trust-policy',
    );
    expect(JSON.stringify(entry.document)).not.toContain('ExternalId');
    expect(entry.setupStep).toContain('EC2 never sends one');
  });
});

describe('cross-account documents', () => {
  const options: PolicyOptions = {
    region: REGION,
    agentRoleArn: AGENT_ROLE,
    secretArns: [SECRET],
    kmsKeyArn: KEY,
  };

  it('key policy: Decrypt only via Secrets Manager in the region, DescribeKey, for the agent role', () => {
    const entry = byId(options, 'kms-key-policy');
    expect(entry).toMatchObject({ account: 'secrets', accountId: SECRETS, kind: 'key' });
    expect(entry.document.Statement).toEqual([
      {
        Sid: 'KeyPolicyAgentDecryptViaSecretsManager',
        Effect: 'Allow',
        Principal: { AWS: AGENT_ROLE },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
      },
      {
        Sid: 'KeyPolicyAgentDescribeKey',
        Effect: 'Allow',
        Principal: { AWS: AGENT_ROLE },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    ]);
    expect(entry.attachTo).toContain(KEY);
    expect(entry.setupStep).toContain(
      'AWS managed key aws/secretsmanager cannot be used across accounts',
    );
  });

  it("secret's resource policy: GetSecretValue and DescribeSecret for the agent role", () => {
    expect(byId(options, 'secret-resource-policy').document.Statement).toEqual([
      {
        Sid: 'SecretPolicyAgentRead',
        Effect: 'Allow',
        Principal: { AWS: AGENT_ROLE },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
    ]);
  });

  it("agent's identity policy: the secrets and the key of the other account", () => {
    const entry = byId(options, 'agent-cross-account-policy');
    expect(entry).toMatchObject({ account: 'agent', accountId: AGENT });
    expect(entry.document.Statement).toEqual([
      {
        Sid: 'AgentPolicyReadCrossAccountSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: SECRET,
      },
      {
        Sid: 'AgentPolicyDecryptCrossAccountKey',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KEY,
      },
      {
        Sid: 'AgentPolicyDescribeCrossAccountKey',
        Effect: 'Allow',
        Action: 'kms:DescribeKey',
        Resource: KEY,
      },
    ]);
    expect(entry.setupStep).toContain(`aws kms describe-key --key-id ${KEY} --region ${REGION}`);
  });

  it('falls back to the whole secrets account and its keys when ARNs are unknown', () => {
    const entry = byId(
      { region: REGION, agentRoleArn: AGENT_ROLE, secretsAccountId: SECRETS },
      'agent-cross-account-policy',
    );
    expect(statement(entry, 'AgentPolicyReadCrossAccountSecrets').Resource).toBe(
      `arn:aws:secretsmanager:${REGION}:${SECRETS}:secret:*`,
    );
    expect(statement(entry, 'AgentPolicyDecryptCrossAccountKey').Resource).toBe(
      `arn:aws:kms:${REGION}:${SECRETS}:key/*`,
    );
  });
});

describe('options errors', () => {
  it.each<[string, PolicyOptions, string, RegExp]>([
    [
      'bad region',
      { region: 'US East (Ohio)' },
      'INVALID_OPTIONS',
      /region code such as us-east-2/,
    ],
    [
      'role-based without a role',
      { region: REGION, authType: 'role-based' },
      'INVALID_OPTIONS',
      /needs agentRoleArn/,
    ],
    [
      'user ARN as role',
      { region: REGION, agentRoleArn: `arn:aws:iam::${AGENT}:user/x` },
      'INVALID_OPTIONS',
      /IAM role ARN/,
    ],
    [
      'secret in another region',
      { region: 'eu-west-1', agentRoleArn: AGENT_ROLE, secretArns: [SECRET] },
      'REGION_MISMATCH',
      /is in region us-east-2, but the vault region is eu-west-1/,
    ],
    [
      'key in another region',
      { region: 'eu-west-1', agentRoleArn: AGENT_ROLE, kmsKeyArn: KEY },
      'REGION_MISMATCH',
      /a secret's key must be in the secret's region/,
    ],
    [
      'key and secrets in different accounts',
      {
        region: REGION,
        agentRoleArn: AGENT_ROLE,
        secretsAccountId: '999999999999',
        kmsKeyArn: KEY,
      },
      'ACCOUNT_MISMATCH',
      /one account/,
    ],
    [
      'AWS managed key',
      {
        region: REGION,
        agentRoleArn: AGENT_ROLE,
        kmsKeyArn: `arn:aws:kms:${REGION}:${SECRETS}:alias/aws/secretsmanager`,
      },
      'AWS_MANAGED_KEY',
      /customer managed key/,
    ],
    [
      'alias instead of key',
      {
        region: REGION,
        agentRoleArn: AGENT_ROLE,
        kmsKeyArn: `arn:aws:kms:${REGION}:${SECRETS}:alias/mine`,
      },
      'INVALID_OPTIONS',
      /not an alias/,
    ],
    [
      'cross-account access key without the user',
      { region: REGION, authType: 'access-key', agentAccountId: AGENT, secretsAccountId: SECRETS },
      'MISSING_AGENT_PRINCIPAL',
      /agentUserArn/,
    ],
    [
      'secrets account without the agent account',
      { region: REGION, authType: 'access-key', secretsAccountId: SECRETS },
      'MISSING_AGENT_PRINCIPAL',
      /agent's account is unknown/,
    ],
    [
      'bad prefix',
      { region: REGION, agentRoleArn: AGENT_ROLE, secretNamePrefixes: ['prod/*'] },
      'INVALID_OPTIONS',
      /without ':', '\*' or '\?'/,
    ],
  ])('%s → %s', (_label, options, code, message) => {
    const attempt = () => generatePolicies(options);
    expect(attempt).toThrow(PolicyError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as PolicyError).code).toBe(code);
    }
  });

  it('explains why a document is not part of the setup', () => {
    expect(() =>
      generatePolicy('kms-key-policy', { region: REGION, agentRoleArn: AGENT_ROLE }),
    ).toThrow(
      /kms-key-policy is not part of this setup: the secrets are in the agent's own account/,
    );
    expect(() =>
      generatePolicy('trust-policy', { region: REGION, authType: 'access-key' }),
    ).toThrow(/assumes no role/);
  });
});

describe('policyOptionsFromConfig', () => {
  it('takes authType, region, iamRole and externalId from a vault config', () => {
    const options = policyOptionsFromConfig(
      { authType: 'role-based', region: REGION, iamRole: AGENT_ROLE, externalId: 'x-1' },
      { secretsAccountId: SECRETS, instanceRoleArn: INSTANCE_ROLE },
    );
    expect(options).toEqual({
      region: REGION,
      authType: 'role-based',
      agentRoleArn: AGENT_ROLE,
      externalId: 'x-1',
      secretsAccountId: SECRETS,
      instanceRoleArn: INSTANCE_ROLE,
    });
    expect(generatePolicies(options).map((entry) => entry.id)).toContain('kms-key-policy');
  });
});

describe('formatPolicyForPeople', () => {
  it('annotates the JSON with the account, attachment, step and each statement', () => {
    const entry = byId(
      { region: REGION, agentRoleArn: AGENT_ROLE, secretArns: [SECRET], kmsKeyArn: KEY },
      'kms-key-policy',
    );
    const text = formatPolicyForPeople(entry);
    expect(text).toContain(
      `# KMS key policy statements for the agent (kms-key-policy)\n# Account: the secrets' account ${SECRETS}\n# Attach to: the key policy of ${KEY}`,
    );
    expect(text).toContain('#   KeyPolicyAgentDecryptViaSecretsManager: Let');
    expect(text).toContain('#   KeyPolicyAgentDescribeKey: Let');
    const json = text.slice(text.indexOf('{'));
    expect(JSON.parse(json)).toEqual(entry.document);
  });
});
