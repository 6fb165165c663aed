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
