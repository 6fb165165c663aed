import type { ResolverErrorCode } from './errors.js';

/** What the hint may say about where the secret lives. */
export interface HintContext {
  /** True when the secret is known to be in another account; undefined when unknown. */
  crossAccount?: boolean | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

const READ_POLICY =
  'assign a policy that allows secretsmanager:GetSecretValue (and secretsmanager:BatchGetSecretValue) on this secret to the role or user the resolver runs as: the read policy is not assigned';
const RESOURCE_POLICY =
  "for a secret in another account, the secret's resource policy must also allow this role to call secretsmanager:GetSecretValue, and the role's own policy must allow that secret";
const MANAGED_KEY =
  'a secret read from another account must be encrypted with a customer managed KMS key: the AWS managed key aws/secretsmanager cannot be shared across accounts';
const KEY_POLICY =
  "the KMS key's key policy (and the role's policy) must allow kms:Decrypt for this role on the key that encrypts the secret";

/**
 * The setup step most likely missing for an error code, worded for the person who can fix
 * it. Cross-account hints are given when the secret is, or may be, in another account.
 *
 * @example
 * hintFor('KMS_ACCESS_DENIED', { crossAccount: true }); // '... customer managed KMS key ...'
 */
export function hintFor(code: ResolverErrorCode, context: HintContext = {}): string | undefined {
  const { crossAccount } = context;
  switch (code) {
    case 'ACCESS_DENIED':
      if (crossAccount === true) return `${RESOURCE_POLICY}; and ${READ_POLICY}`;
      if (crossAccount === false) return READ_POLICY;
      return `${READ_POLICY}. If the secret is in another account, ${RESOURCE_POLICY}`;
    case 'KMS_ACCESS_DENIED':
    case 'DECRYPTION_FAILURE':
      if (crossAccount === true) return `${MANAGED_KEY}; then ${KEY_POLICY}`;
      if (crossAccount === false) return `${KEY_POLICY}; also check that the key is enabled`;
      return `${KEY_POLICY}. If the secret is in another account: ${MANAGED_KEY}`;
    case 'SECRET_NOT_FOUND':
      return `check the secret name and that it exists in the vault's region${context.region ? ` (${context.region})` : ''}; a secret in another account must be referenced by its full ARN`;
    case 'SECRET_DELETED':
      return 'the secret is scheduled for deletion: restore it (aws secretsmanager restore-secret) or point the reference at the secret that replaces it';
    case 'REGION_MISMATCH':
      return "a secret referenced by ARN must be in the vault's region: move or replicate the secret to that region, or change the vault's region";
    case 'THROTTLED':
      return 'Secrets Manager is throttling these calls: raise cache.ttlSeconds, prefetch at start, or request a higher quota';
    case 'UNAVAILABLE':
      return `check network access to the Secrets Manager endpoint${context.endpoint ? ` (${context.endpoint})` : ''} and the AWS Health Dashboard; cached values are served stale up to cache.maxStaleSeconds`;
    case 'TIMEOUT':
      return 'Secrets Manager did not answer in time: check network access to the endpoint, or raise requestTimeoutMs';
    case 'AUTH_FAILED':
      return 'the resolver could not authenticate to AWS: run `vaultline validate` on the vault configuration and check the credentials it names';
    default:
      return undefined;
  }
}
