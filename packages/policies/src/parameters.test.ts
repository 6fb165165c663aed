// The read policy of a config that references Parameter Store parameters, applied to the
// emulator's IAM evaluator (the code that authorizes the emulator's SSM and KMS requests).
import { authorize, type PolicyDocument as EvaluatorDocument } from '@vaultline/emulator/iam';
import { describe, expect, it } from 'vitest';
import { policyOptionsForConfig } from './config-options.js';
import { generatePolicy } from './generate.js';

const ACCOUNT = '111122223333';
const vault = {
  authType: 'role-based',
  region: 'us-east-2',
  iamRole: `arn:aws:iam::${ACCOUNT}:role/vaultline-agent`,
  accountId: ACCOUNT,
};
const SHARED = 'arn:aws:ssm:us-east-2:444455556666:parameter/shared/endpoint';
const config = {
  vault,
  connections: {
    orders: {
      host: { parameter: '/prod/orders/db/host:live' },
      password: { secret: 'prod/orders/db:password' },
      url: `https://\${ssm:${SHARED}}/\${ssm:/prod/orders/db/host}`,
    },
  },
};
const principal = {
  kind: 'assumed-role' as const,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/vaultline-agent/s`,
  roleArn: vault.iamRole,
  accountId: ACCOUNT,
};

describe('parameters in the read policy', () => {
  const options = policyOptionsForConfig(config);
  const readPolicy = generatePolicy('read-policy', options).document as EvaluatorDocument;
  const decide = (action: string, resource: string, context?: Record<string, string>) =>
    authorize({
      principal,
      action,
      resource,
      resourceAccountId: ACCOUNT,
      identityPolicies: [readPolicy],
      ...(context ? { context } : {}),
    }).allowed;

  it('lists each referenced parameter once, without selectors', () => {
    expect(options.parameters).toEqual(['/prod/orders/db/host', SHARED]);
  });

  it('allows GetParameter(s) on exactly those parameters', () => {
    const host = `arn:aws:ssm:us-east-2:${ACCOUNT}:parameter/prod/orders/db/host`;
    expect(decide('ssm:GetParameters', host)).toBe(true);
    expect(decide('ssm:GetParameter', SHARED)).toBe(true);
    expect(
      decide('ssm:GetParameters', `arn:aws:ssm:us-east-2:${ACCOUNT}:parameter/prod/other`),
    ).toBe(false);
    expect(decide('ssm:PutParameter', host)).toBe(false);
  });

  it('allows kms:Decrypt only through Parameter Store in the region', () => {
    const key = `arn:aws:kms:us-east-2:${ACCOUNT}:key/0f4c5e1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b`;
    expect(decide('kms:Decrypt', key, { 'kms:ViaService': 'ssm.us-east-2.amazonaws.com' })).toBe(
      true,
    );
    expect(decide('kms:Decrypt', key)).toBe(false);
    expect(decide('kms:Decrypt', key, { 'kms:ViaService': 'ssm.us-west-2.amazonaws.com' })).toBe(
      false,
    );
  });

  it('adds nothing for a config without parameters', () => {
    const plain = policyOptionsForConfig({ vault, connections: { c: { p: { secret: 'a/b' } } } });
    expect(plain.parameters).toBeUndefined();
    const text = JSON.stringify(generatePolicy('read-policy', plain).document);
    expect(text).not.toMatch(/ssm/);
  });
});
