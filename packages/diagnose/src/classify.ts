import {
  type AccessDenial,
  type AwsFailure as ClassifiedFailure,
  readAwsError,
} from '@vaultline/resolver';

/**
 * The parts of an AWS failure diagnose looks at: the name and message AWS sent, and the
 * one classification of AWS failures (`@vaultline/resolver`'s `readAwsError`) they come from.
 * Nothing here reads an emulator's extra words: only what AWS itself answers.
 */
export interface AwsFailure {
  name: string;
  message: string;
  classified: ClassifiedFailure;
}

/** Name, message and classification of anything an SDK call threw. */
export function failureOf(error: unknown, operation?: string): AwsFailure {
  const classified = readAwsError(error, operation);
  return { name: classified.code, message: classified.message, classified };
}

export const isAccessDenied = (f: AwsFailure): boolean =>
  f.classified.kind === 'access-denied' || f.classified.kind === 'kms-access-denied';

/** Secrets Manager's answer when the caller may not use the secret's KMS key. */
export const isKmsFailure = (f: AwsFailure): boolean => f.classified.kind === 'kms-access-denied';

/** Secrets Manager could not use the key itself: disabled or pending deletion. */
export const isKeyUnusable = (f: AwsFailure): boolean => f.classified.kind === 'key-unusable';

/** What AWS's AccessDenied sentence says (principal, action, document, explicit deny). */
export const denialOf = (f: AwsFailure): AccessDenial => f.classified.denial ?? {};

/**
 * Which side of AWS's evaluation refused: the caller's own (identity-based) policies, or
 * the resource's policy (a secret's resource policy, a key policy, a trust policy), as AWS's
 * AccessDenied text says ("because no identity-based policy allows ...", "with an explicit
 * deny in a resource-based policy"); `unknown` when the text does not tell.
 */
export function deniedBy(f: AwsFailure): 'identity' | 'resource' | 'unknown' {
  const document = denialOf(f).document;
  if (document === 'identity-policy') return 'identity';
  if (document === 'resource-policy' || document === 'key-policy' || document === 'trust-policy') {
    return 'resource';
  }
  return 'unknown';
}

/** True when AWS says an explicit Deny refused the call. */
export const isExplicitDeny = (f: AwsFailure): boolean => denialOf(f).explicitDeny === true;

/** The error of a cause chain whose name is an AWS error name, else the error itself. */
export function awsCauseOf(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const name = current.name;
    if (name !== 'AuthError' && name !== 'ResolverError' && name !== 'Error') return current;
    if (current.cause === undefined) return current;
    current = current.cause;
  }
  return current ?? error;
}
