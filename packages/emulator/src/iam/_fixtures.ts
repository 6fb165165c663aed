import type { CallerPrincipal, PolicyDocument, PolicyStatement } from './types.js';

/** Accounts and principals shared by the evaluator's tests. */
export const SECRETS_ACCOUNT = '111122223333';
export const AGENT_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${SECRETS_ACCOUNT}:secret:prod/db-a1B2c3`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${SECRETS_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VIA_SECRETS_MANAGER = `secretsmanager.${REGION}.amazonaws.com`;

export const user = (accountId: string, name = 'app'): CallerPrincipal => ({
  kind: 'user',
  arn: `arn:aws:iam::${accountId}:user/${name}`,
  accountId,
});

export const session = (accountId: string, role = 'agent', name = 's1'): CallerPrincipal => ({
  kind: 'assumed-role',
  arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${name}`,
  accountId,
  roleArn: `arn:aws:iam::${accountId}:role/${role}`,
  sessionName: name,
});

export const root = (accountId: string): CallerPrincipal => ({
  kind: 'root',
  arn: `arn:aws:iam::${accountId}:root`,
  accountId,
});

export const roleArn = (accountId: string, role = 'agent'): string =>
  `arn:aws:iam::${accountId}:role/${role}`;

export const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});

export const allow = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Partial<PolicyStatement> = {},
): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

export const deny = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Partial<PolicyStatement> = {},
): PolicyStatement => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

/** A resource-policy statement granting `principals` the actions. */
export const grant = (
  principals: string | string[],
  Action: string | string[],
  extra: Partial<PolicyStatement> = {},
): PolicyStatement => ({
  Effect: 'Allow',
  Principal: { AWS: principals },
  Action,
  Resource: '*',
  ...extra,
});
