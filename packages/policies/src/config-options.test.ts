import { describe, expect, it } from 'vitest';
import { policyOptionsForConfig } from './config-options.js';

const vault = {
  authType: 'role-based',
  region: 'us-east-2',
  iamRole: 'arn:aws:iam::111122223333:role/vaultline-agent',
  externalId: 'ext-1',
  accountId: '111122223333',
};

describe('policyOptionsForConfig', () => {
  it('scopes to the referenced secrets: ARNs as ARNs, names as name prefixes', () => {
    const arn = 'arn:aws:secretsmanager:us-east-2:444455556666:secret:shared/db-AbCdEf';
    const options = policyOptionsForConfig({
      vault,
      connections: {
        orders: {
          user: { secret: 'prod/orders/db:username' },
          url: `postgres://\${secret:${arn}:host}/orders`,
        },
      },
    });
    expect(options).toEqual({
      region: 'us-east-2',
      authType: 'role-based',
      agentRoleArn: vault.iamRole,
      externalId: 'ext-1',
      agentAccountId: '111122223333',
      secretArns: [arn],
      secretNamePrefixes: ['prod/orders/db'],
    });
  });

  it('takes the secrets from the flags instead when they name any', () => {
    const options = policyOptionsForConfig(
      { vault, connections: { orders: { user: { secret: 'prod/orders/db:username' } } } },
      {
        secretPrefix: ['prod/'],
        kmsKeyArn: 'arn:aws:kms:us-east-2:111122223333:key/k',
        agentAccountId: '999988887777',
      },
    );
    expect(options.secretNamePrefixes).toEqual(['prod/']);
    expect(options.secretArns).toBeUndefined();
    expect(options.kmsKeyArn).toBe('arn:aws:kms:us-east-2:111122223333:key/k');
    expect(options.agentAccountId).toBe('999988887777');
  });
});

describe('trust policies for every source the config allows', () => {
  const trustOf = async (extra: Record<string, unknown>) => {
    const { generatePolicy } = await import('./generate.js');
    return generatePolicy('trust-policy', policyOptionsForConfig({ vault: { ...vault, ...extra } }))
      .document.Statement;
  };

  it('an instance role kept in the config (instance-profile source): TrustInstanceRole with the external id', async () => {
    const instanceRole = 'arn:aws:iam::111122223333:role/ec2-app-host';
    const statements = await trustOf({ sourcePrincipalArn: instanceRole });
    expect(statements).toEqual([
      expect.objectContaining({
        Sid: 'TrustInstanceRole',
        Principal: { AWS: instanceRole },
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
      }),
    ]);
  });

  it.each([
    ['an IAM user', 'arn:aws:iam::111122223333:user/ci'],
    [
      'an SSO role',
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef',
    ],
    ['a role of another account', 'arn:aws:iam::999988887777:role/deployer'],
  ])(
    '%s behind the default chain: TrustSourcePrincipal, not the EC2 service',
    async (_what, source) => {
      const statements = await trustOf({
        sourceCredentials: 'default-chain',
        sourcePrincipalArn: source,
      });
      expect(statements).toEqual([
        expect.objectContaining({
          Sid: 'TrustSourcePrincipal',
          Principal: { AWS: source },
          Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
        }),
      ]);
    },
  );

  it('keeps the KMS key of the config for the key policy', () => {
    const key = 'arn:aws:kms:us-east-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(policyOptionsForConfig({ vault: { ...vault, kmsKeyArns: [key] } }).kmsKeyArn).toBe(key);
  });
});
