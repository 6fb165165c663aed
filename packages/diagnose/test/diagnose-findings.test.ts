/**
 * How diagnose reads AWS's AccessDenied texts when they are terse (real AWS behind Secrets
 * Manager says only "Access to KMS is not allowed"): it must not claim a side it cannot know.
 */
import { describe, expect, it } from 'vitest';
import { deniedBy, failureOf, isKmsFailure } from '../src/classify.js';
import { explicitDenyOutcome } from '../src/deny-findings.js';
import type { SetupFacts } from '../src/documents.js';
import { kmsDeniedOutcome } from '../src/kms-findings.js';

const AGENT_ROLE = 'arn:aws:iam::444455556666:role/vaultline-agent';
const KEY = 'arn:aws:kms:us-east-2:111122223333:key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const facts: SetupFacts = {
  region: 'us-east-2',
  authType: 'role-based',
  agentRoleArn: AGENT_ROLE,
  agentAccountId: '444455556666',
};
const cross = {
  secretId: 'shared/db',
  crossAccount: true,
  awsManagedKey: false,
  keyArn: KEY,
  facts,
  secret: { secretsAccountId: '111122223333', kmsKeyArn: KEY },
};
const denied = (message: string) =>
  failureOf(Object.assign(new Error(message), { name: 'AccessDeniedException' }));

describe('deniedBy', () => {
  it.each([
    ['... because no identity-based policy allows the kms:Decrypt action', 'identity'],
    [
      '... because no resource-based policy allows the secretsmanager:GetSecretValue action',
      'resource',
    ],
    ['... with an explicit deny in an identity-based policy', 'identity'],
    ['... with an explicit deny in a resource-based policy', 'resource'],
    ['Access to KMS is not allowed', 'unknown'],
    ['User: x is not authorized to perform: kms:DescribeKey on resource: y', 'unknown'],
  ])('%s → %s', (message, side) => {
    expect(deniedBy(denied(message))).toBe(side);
  });
});

describe('kmsDeniedOutcome', () => {
  it('names both sides when AWS does not say which refused', () => {
    const failure = denied('Access to KMS is not allowed');
    expect(isKmsFailure(failure)).toBe(true);
    const outcome = kmsDeniedOutcome('kms:Decrypt', failure, cross);
    expect(outcome).toMatchObject({
      status: 'fail',
      problem: 'KMS_ACCESS_DENIED',
      document: { id: 'kms-key-policy', statementSid: 'KeyPolicyAgentDecryptViaSecretsManager' },
    });
    expect(outcome.remedy).toContain('AgentPolicyDecryptCrossAccountKey');
  });

  it('puts the key policy statement and the agent role ARN in the document', () => {
    const outcome = kmsDeniedOutcome(
      'kms:DescribeKey',
      denied('... because no resource-based policy allows the kms:DescribeKey action'),
      cross,
    );
    expect(outcome.problem).toBe('KEY_POLICY_MISSING_AGENT');
    const statement = outcome.document?.json.Statement.find(
      (s) => s.Sid === 'KeyPolicyAgentDescribeKey',
    );
    expect(statement?.Principal).toEqual({ AWS: AGENT_ROLE });
    expect(outcome.document?.accountId).toBe('111122223333');
  });

  it('knows the AWS managed key from DescribeSecret, not from words AWS never sends', () => {
    const failure = denied('Access to KMS is not allowed');
    expect(kmsDeniedOutcome('kms:Decrypt', failure, cross).problem).toBe('KMS_ACCESS_DENIED');
    const outcome = kmsDeniedOutcome('kms:Decrypt', failure, { ...cross, awsManagedKey: true });
    expect(outcome.problem).toBe('AWS_MANAGED_KEY_CROSS_ACCOUNT');
    expect(outcome.document?.id).toBe('kms-key-policy');
  });

  it('an explicit deny is a statement to remove, with no document to add', () => {
    const outcome = kmsDeniedOutcome(
      'kms:Decrypt',
      denied(
        `User: ${AGENT_ROLE} is not authorized to perform: kms:Decrypt on resource: ${KEY} with an explicit deny in a resource-based policy`,
      ),
      cross,
    );
    expect(outcome.problem).toBe('EXPLICIT_DENY');
    expect(outcome.document).toBeUndefined();
    expect(outcome.remedy).toMatch(/^the key policy of .* has a Deny statement/);
    expect(outcome.remedy).toContain('remove that statement or narrow it');
    expect(outcome.fix).toEqual({
      action: 'remove-deny-statement',
      target: { document: 'key-policy', arn: KEY },
      deniedBy: 'key-policy',
      iamAction: 'kms:Decrypt',
      principalArn: AGENT_ROLE,
      resourceArn: KEY,
    });
  });

  it('a disabled or pending-deletion key: the command, machine-readable', async () => {
    const { keyStateProblem } = await import('../src/key-state.js');
    expect(
      keyStateProblem({ Arn: KEY, KeyState: 'Disabled', Enabled: false }, 'us-east-2'),
    ).toMatchObject({
      problem: 'KEY_DISABLED',
      fix: {
        action: 'run-command',
        command: `aws kms enable-key --key-id ${KEY} --region us-east-2`,
      },
    });
    expect(
      keyStateProblem({ Arn: KEY, KeyState: 'PendingDeletion', Enabled: false }, 'us-east-2')?.fix
        ?.command,
    ).toMatch(/^aws kms cancel-key-deletion .* && aws kms enable-key /);
    expect(
      keyStateProblem({ Arn: KEY, KeyState: 'Enabled', Enabled: true }, 'us-east-2'),
    ).toBeUndefined();
  });

  it('within one account points at the read policy decrypt statement', () => {
    const outcome = kmsDeniedOutcome(
      'kms:Decrypt',
      denied('... because no identity-based policy allows the kms:Decrypt action'),
      {
        ...cross,
        crossAccount: false,
        secret: { kmsKeyArn: KEY.replace('111122223333', '444455556666') },
      },
    );
    expect(outcome).toMatchObject({
      problem: 'IDENTITY_POLICY_MISSING_KMS_DECRYPT',
      document: { id: 'read-policy', statementSid: 'ReadPolicyDecryptWithSecretsKey' },
    });
  });
});

describe('explicitDenyOutcome for a secret referenced by name', () => {
  it("AWS names the secret as requested: the fix targets the secret's ARN that DescribeSecret gave", () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-2:444455556666:secret:prod/db-a1B2c3';
    const failure = denied(
      `User: ${AGENT_ROLE} is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db with an explicit deny in a resource-based policy`,
    );
    const context = { secretId: 'prod/db', region: 'us-east-2' };
    expect(explicitDenyOutcome('GetSecretValue', failure, { ...context, secretArn }).fix).toEqual({
      action: 'remove-deny-statement',
      target: { document: 'secret-resource-policy', arn: secretArn },
      deniedBy: 'resource-policy',
      iamAction: 'secretsmanager:GetSecretValue',
      principalArn: AGENT_ROLE,
      resourceArn: 'prod/db',
    });
    // Without the ARN the target cannot be named: none rather than a wrong one.
    expect(explicitDenyOutcome('GetSecretValue', failure, context).fix?.target).toBeUndefined();
  });
});

describe('failureOf', () => {
  it('reads name and message, and never throws on an odd thrown value', () => {
    expect(failureOf({ name: 'AccessDeniedException', message: 'not\n  allowed' })).toMatchObject({
      name: 'AccessDeniedException',
      message: 'not allowed',
    });
    expect(failureOf('plain text')).toMatchObject({ name: 'Error', message: 'plain text' });
    expect(failureOf({ toString: 0 })).toMatchObject({ name: 'Error' });
    expect(failureOf(Object.create(null))).toMatchObject({ name: 'Error' });
  });
});

describe('assumeRoleFailure for a source that is not an instance role', () => {
  it('prescribes the trust statement for the IAM user the credentials belong to, with the external id', async () => {
    const { AuthError, AUTH_HINTS } = await import('@vaultline/auth');
    const { assumeRoleFailure } = await import('../src/identity-failures.js');
    const user = 'arn:aws:iam::444455556666:user/ci';
    const refusal = Object.assign(
      new Error(
        `User: ${user} is not authorized to perform: sts:AssumeRole on resource: ${AGENT_ROLE}`,
      ),
      { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
    );
    const error = new AuthError('ASSUME_ROLE_DENIED', 'sts:AssumeRole was denied', {
      cause: refusal,
      hint: AUTH_HINTS.trustPolicy,
    });
    const outcome = assumeRoleFailure(
      error,
      {
        authType: 'role-based',
        region: 'us-east-2',
        iamRole: AGENT_ROLE,
        externalId: 'ext-9',
        sourceCredentials: 'default-chain',
      } as never,
      { ...facts, sourcePrincipalArn: user, externalId: 'ext-9' },
    );
    expect(outcome).toMatchObject({
      problem: 'TRUST_POLICY_MISSING_CALLER',
      document: { id: 'trust-policy', statementSid: 'TrustSourcePrincipal' },
    });
    const statement = outcome.document?.json.Statement.find(
      (s) => s.Sid === 'TrustSourcePrincipal',
    );
    expect(statement).toMatchObject({
      Principal: { AWS: user },
      Condition: { StringEquals: { 'sts:ExternalId': 'ext-9' } },
    });
    expect(JSON.stringify(outcome.document?.json)).not.toContain('ec2.amazonaws.com');
  });
});
