import type { AwsFailureKind } from './aws-failure.js';
import { adviceFor } from './aws-failure-advice.js';
import type { ResolverErrorCode } from './errors.js';

/** What the hint may say about where the secret lives. */
export interface HintContext {
  /** True when the secret is known to be in another account; undefined when unknown. */
  crossAccount?: boolean | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

const KINDS: Partial<Record<ResolverErrorCode, AwsFailureKind>> = {
  ACCESS_DENIED: 'access-denied',
  KMS_ACCESS_DENIED: 'kms-access-denied',
  DECRYPTION_FAILURE: 'key-unusable',
  SECRET_NOT_FOUND: 'secret-not-found',
  SECRET_DELETED: 'secret-deleted',
  THROTTLED: 'throttled',
  UNAVAILABLE: 'unavailable',
  TIMEOUT: 'timeout',
  AUTH_FAILED: 'credentials',
};

/**
 * The setup step most likely missing for an error code when nothing more than the code is
 * known; errors from an AWS answer get theirs from `adviceFor`, which reads the answer.
 *
 * @example
 * hintFor('REGION_MISMATCH'); // 'a secret referenced by ARN must be in the vault's region: …'
 */
export function hintFor(code: ResolverErrorCode, context: HintContext = {}): string | undefined {
  if (code === 'REGION_MISMATCH') {
    return "a secret referenced by ARN must be in the vault's region: move or replicate the secret to that region, or change the vault's region";
  }
  const kind = KINDS[code];
  return kind ? adviceFor({ kind, code, message: '' }, context) : undefined;
}
