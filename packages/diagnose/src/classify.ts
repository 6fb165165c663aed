import { safeString } from '@vaultline/config';

/** The parts of an AWS SDK error diagnose looks at. */
export interface AwsFailure {
  name: string;
  message: string;
}

/** Name and message of anything an SDK call threw. */
export function failureOf(error: unknown): AwsFailure {
  if (typeof error !== 'object' || error === null)
    return { name: 'Error', message: safeString(error) };
  const shape = error as { name?: unknown; message?: unknown };
  return {
    name: typeof shape.name === 'string' ? shape.name : 'Error',
    message: (typeof shape.message === 'string' ? shape.message : safeString(error)).replace(
      /\s+/g,
      ' ',
    ),
  };
}

export const isAccessDenied = (f: AwsFailure): boolean =>
  f.name === 'AccessDeniedException' || f.name === 'AccessDenied';

/** Secrets Manager's answer when the KMS key of the secret refused the caller. */
export const isKmsFailure = (f: AwsFailure): boolean =>
  (isAccessDenied(f) && /\bKMS\b|kms:/i.test(f.message)) ||
  f.name === 'DecryptionFailure' ||
  f.name === 'KMSAccessDeniedException';

/**
 * Which side of AWS's evaluation refused: the caller's own (identity-based) policies, or
 * the resource's policy (a secret's resource policy, a key policy, a trust policy). AWS says
 * so in its AccessDenied text ("because no identity-based policy allows ...", "with an
 * explicit deny in a resource-based policy"); `unknown` when the text does not tell.
 */
export function deniedBy(f: AwsFailure): 'identity' | 'resource' | 'unknown' {
  const text = f.message;
  if (/no identity-based policy allows|explicit deny in an identity-based policy/i.test(text)) {
    return 'identity';
  }
  if (
    /no resource-based policy allows|explicit deny in (a resource-based policy|the key policy|the role trust policy)/i.test(
      text,
    )
  ) {
    return 'resource';
  }
  return 'unknown';
}

/** The key is an AWS managed key used from another account (AWS's or the emulator's words). */
export const mentionsAwsManagedKey = (f: AwsFailure): boolean =>
  /AWS managed key|aws\/secretsmanager/i.test(f.message);

/** Trust-policy denial that comes down to the sts:ExternalId condition. */
export const mentionsExternalId = (f: AwsFailure): boolean => /sts:ExternalId/i.test(f.message);

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
