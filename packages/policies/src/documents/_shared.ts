import type { ResolvedOptions } from '../options.js';
import type { PolicyDocument, PolicyStatement } from '../types.js';

export const VERSION = '2012-10-17' as const;

/** Per-secret read actions (Resource = the secrets). */
export const SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecretVersionIds',
];

/**
 * Actions that take no secret resource: ListSecrets, and BatchGetSecretValue (which AWS also
 * authorizes as GetSecretValue on each secret, so it never widens what can be read).
 */
export const ACCOUNT_LEVEL_ACTIONS = [
  'secretsmanager:ListSecrets',
  'secretsmanager:BatchGetSecretValue',
];

export const document = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: VERSION,
  Statement,
});

/** A list when several values, the single value otherwise (what AWS's console writes). */
export const oneOrMany = (values: string[]): string | string[] =>
  values.length === 1 ? values[0]! : values;

export const accountRoot = (options: ResolvedOptions, accountId: string): string =>
  `arn:${options.partition}:iam::${accountId}:root`;

export const describePrincipal = (options: ResolvedOptions): string =>
  options.agentPrincipalArn ?? 'the role or user vaultline uses';

/** The key pattern for the identity side when the key ARN is not known yet. */
export const keyResource = (options: ResolvedOptions): string =>
  options.kmsKeyArn ??
  `arn:${options.partition}:kms:${options.region}:${options.secretsAccountId ?? '*'}:key/*`;
