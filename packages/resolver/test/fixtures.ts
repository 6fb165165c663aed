import type { ScenarioInput } from '@vaultline/emulator';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'us-east-2';
export const CMK_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const LOCKED_KEY_ID = '5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c';

/** Every secret value carries a canary so leak checks can look for it. */
export const CANARY = {
  dbPassword: 'canary-db-9c1e7a44',
  plain: 'canary-plain-2b8d5f10',
  binary: 'canary-binary-6e0a3c77',
  previous: 'canary-previous-4d9b1e25',
  shared: 'canary-shared-8f2c6a03',
  managed: 'canary-managed-1a7e4b96',
  locked: 'canary-locked-3c5d8e12',
  bulk: 'canary-bulk-',
  ssmPassword: 'canary-ssm-password-5e2a9c31',
  ssmLocked: 'canary-ssm-locked-7b1d4f60',
  ssmRestricted: 'canary-ssm-restricted-0c8e3a57',
  ssmPrevious: 'canary-ssm-previous-9a4b2e18',
} as const;

export const bulkName = (i: number) => `bulk/secret-${String(i).padStart(3, '0')}`;
export const BULK_COUNT = 100;

export const SSM_LOCKED_KEY_ID = '7c6b5a49-3827-4165-9e8d-7c6b5a493827';
export const bulkParameter = (i: number) => `/bulk/param-${String(i).padStart(2, '0')}`;
export const BULK_PARAMETER_COUNT = 25;
/** Parameters the reader may read, by ARN pattern; /restricted/* is left out on purpose. */
const READABLE_PARAMETERS = [
  'app',
  'bulk',
  'shared',
  'private',
  'aws/reference/secretsmanager',
].map((path) => `arn:aws:ssm:${REGION}:*:parameter/${path}/*`);

const allow = (Action: string | string[], Resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Action, Resource }],
});

/**
 * One account (and a second one that shares secrets) with users whose policies make every
 * resolver error reachable: a full reader, a reader allowed only GetSecretValue (no
 * BatchGetSecretValue), a user with no read policy.
 */
export const scenario: ScenarioInput = {
  defaultRegion: REGION,
  accounts: [{ id: ACCOUNT }, { id: OTHER_ACCOUNT }],
  users: [
    {
      name: 'reader',
      account: ACCOUNT,
      policies: [
        allow([
          'secretsmanager:GetSecretValue',
          'secretsmanager:BatchGetSecretValue',
          'secretsmanager:DescribeSecret',
          'secretsmanager:ListSecrets',
          'kms:Decrypt',
        ]),
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow' as const,
              Action: ['ssm:GetParameters', 'ssm:GetParameter'],
              Resource: READABLE_PARAMETERS,
            },
          ],
        },
      ],
    },
    {
      name: 'get-only',
      account: ACCOUNT,
      policies: [allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'])],
    },
    { name: 'no-policy', account: ACCOUNT, policies: [] },
    {
      name: 'admin',
      account: ACCOUNT,
      policies: [allow(['secretsmanager:*', 'kms:*'])],
    },
    {
      name: 'owner',
      account: OTHER_ACCOUNT,
      policies: [allow(['secretsmanager:*', 'kms:*'])],
    },
  ],
  kmsKeys: [
    {
      // A key in the reader's account whose policy lets only admin use it: the reader's IAM
      // allow of kms:Decrypt does not count (the key policy does not grant the account root).
      id: SSM_LOCKED_KEY_ID,
      account: ACCOUNT,
      alias: 'alias/ssm-locked',
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      },
    },
    {
      id: CMK_ID,
      account: OTHER_ACCOUNT,
      alias: 'alias/shared',
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'kms:Decrypt',
            Resource: '*',
          },
        ],
      },
    },
    {
      // A key whose policy grants only its own account's root: IAM policies of ACCOUNT
      // cannot reach it from another account.
      id: LOCKED_KEY_ID,
      account: OTHER_ACCOUNT,
      alias: 'alias/locked',
    },
  ],
  parameters: [
    { name: '/app/db/host', account: ACCOUNT, value: 'db.internal' },
    { name: '/app/db/password', account: ACCOUNT, type: 'SecureString', value: CANARY.ssmPassword },
    { name: '/app/hosts', account: ACCOUNT, type: 'StringList', value: 'a.internal,b.internal' },
    {
      name: '/app/versioned',
      account: ACCOUNT,
      value: 'third',
      labels: ['green'],
      versions: [{ value: 'first', labels: ['blue'] }, { value: 'second' }],
    },
    {
      name: '/app/versioned-secure',
      account: ACCOUNT,
      type: 'SecureString',
      value: CANARY.ssmPassword,
      versions: [{ value: CANARY.ssmPrevious }],
    },
    {
      name: '/app/locked',
      account: ACCOUNT,
      type: 'SecureString',
      kmsKey: 'alias/ssm-locked',
      value: CANARY.ssmLocked,
    },
    {
      name: '/restricted/db',
      account: ACCOUNT,
      type: 'SecureString',
      value: CANARY.ssmRestricted,
    },
    ...Array.from({ length: BULK_PARAMETER_COUNT }, (_, i) => ({
      name: bulkParameter(i),
      account: ACCOUNT,
      value: `bulk-value-${i}`,
    })),
    {
      name: '/shared/host',
      account: OTHER_ACCOUNT,
      value: 'shared.internal',
      tier: 'Advanced' as const,
      sharedWith: [ACCOUNT],
    },
    { name: '/private/host', account: OTHER_ACCOUNT, value: 'private.internal' },
  ],
  secrets: [
    {
      name: 'prod/db',
      account: ACCOUNT,
      value: JSON.stringify({
        username: 'app',
        password: CANARY.dbPassword,
        port: 5432,
        tls: true,
      }),
    },
    {
      name: 'app/plain',
      account: ACCOUNT,
      value: CANARY.plain,
      versions: [{ value: CANARY.previous, stages: ['AWSPREVIOUS'] }],
    },
    { name: 'app/binary', account: ACCOUNT, binary: Buffer.from(CANARY.binary).toString('base64') },
    {
      name: 'shared/db',
      account: OTHER_ACCOUNT,
      kmsKey: 'alias/shared',
      value: JSON.stringify({ password: CANARY.shared }),
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      },
    },
    {
      name: 'shared/managed-key',
      account: OTHER_ACCOUNT,
      value: CANARY.managed,
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      },
    },
    {
      name: 'shared/locked-key',
      account: OTHER_ACCOUNT,
      kmsKey: 'alias/locked',
      value: CANARY.locked,
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      },
    },
    {
      name: 'shared/no-policy',
      account: OTHER_ACCOUNT,
      kmsKey: 'alias/shared',
      value: 'canary-nopolicy-77e1',
    },
    ...Array.from({ length: BULK_COUNT }, (_, i) => ({
      name: bulkName(i),
      account: ACCOUNT,
      value: JSON.stringify({ user: `u${i}`, password: `${CANARY.bulk}${i}` }),
    })),
  ],
};
