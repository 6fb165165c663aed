import {
  formatParameterArn,
  formatParameterReference,
  type ParameterReference,
  parameterRegionProblem,
  parseParameterReference,
  parseSecretArn,
  parseSecretReference,
  partitionOfRegion,
  type SecretReference,
} from '@vaultline/secret-names';
import { ResolverError } from './errors.js';
import { hintFor } from './hints.js';

/** Where the vault reads secrets: the rule for ARNs is checked against it. */
export interface VaultLocation {
  region: string;
  /** The account the resolver's identity belongs to, when configured. */
  accountId?: string | undefined;
}

/** A reference given as text (`prod/db:password`, an ARN, the ECS form) or already parsed. */
export type SecretRef = string | SecretReference;

/**
 * Parses and checks a reference before any AWS call: the syntax (INVALID_REFERENCE), an
 * ARN's region against the vault's (REGION_MISMATCH), and that a secret in another account
 * is named by its full ARN (INVALID_REFERENCE).
 */
export function normalizeReference(ref: SecretRef, vault: VaultLocation): SecretReference {
  const reference = parse(ref);
  checkLocation(reference, vault);
  return reference;
}

function parse(ref: SecretRef): SecretReference {
  if (typeof ref === 'string') {
    const parsed = parseSecretReference(ref);
    if (!parsed.ok) {
      throw new ResolverError(
        'INVALID_REFERENCE',
        `invalid secret reference: ${parsed.error.message}`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.value;
  }
  if (typeof ref !== 'object' || ref === null || typeof ref.secretId !== 'string') {
    throw new ResolverError(
      'INVALID_REFERENCE',
      `invalid secret reference: expected a string such as 'prod/db:password' or an object with a secretId, received ${ref === null ? 'null' : typeof ref}`,
    );
  }
  // Re-parse the id so a hand-built object gets the same checks as text, and its `arn`.
  const parsed = parseSecretReference(ref.secretId);
  if (!parsed.ok || parsed.value.jsonKey !== undefined) {
    const reason = parsed.ok ? 'it contains a colon' : parsed.error.message;
    throw new ResolverError(
      'INVALID_REFERENCE',
      `invalid secretId '${ref.secretId}': ${reason}; give a secret name or ARN`,
      parsed.ok ? {} : { cause: parsed.error },
    );
  }
  const reference: SecretReference = { secretId: ref.secretId };
  if (parsed.value.arn) reference.arn = parsed.value.arn;
  if (ref.jsonKey) reference.jsonKey = ref.jsonKey;
  if (ref.versionStage) reference.versionStage = ref.versionStage;
  if (ref.versionId) reference.versionId = ref.versionId;
  return reference;
}

/** The region and cross-account rule; throws with a message that states the rule. */
export function checkLocation(reference: SecretReference, vault: VaultLocation): void {
  const arn = reference.arn ?? arnOf(reference.secretId);
  if (!arn) return;
  if (arn.region !== vault.region) {
    throw new ResolverError(
      'REGION_MISMATCH',
      `secret '${reference.secretId}' is in region ${arn.region}, but the vault reads from ${vault.region}: a referenced secret must be in the vault's region (a secret in another account, too)`,
      { hint: hintFor('REGION_MISMATCH'), secretId: reference.secretId },
    );
  }
  if (vault.accountId && arn.accountId !== vault.accountId && arn.suffix === undefined) {
    throw new ResolverError(
      'INVALID_REFERENCE',
      `secret '${reference.secretId}' is in account ${arn.accountId}, not the vault's account ${vault.accountId}: a secret in another account must be referenced by its full ARN, including the 6-character suffix AWS adds to the name (for example ...:secret:${arn.name}-AbCdEf)`,
      { secretId: reference.secretId },
    );
  }
}

/** True when the reference names a secret in an account other than the vault's, if known. */
export function isCrossAccount(
  reference: SecretReference,
  vault: VaultLocation,
): boolean | undefined {
  const arn = reference.arn ?? arnOf(reference.secretId);
  if (!arn) return false;
  if (!vault.accountId) return undefined;
  return arn.accountId !== vault.accountId;
}

const arnOf = (secretId: string) => {
  if (!secretId.startsWith('arn:')) return undefined;
  const parsed = parseSecretArn(secretId);
  return parsed.ok ? parsed.value : undefined;
};

/**
 * A parameter reference: '/prod/db/host', '/prod/db/host:3', '/prod/db/host:blue', a parameter
 * ARN (with a selector), or a parsed `ParameterReference` from @vaultline/secret-names.
 */
export type ParameterRef = string | ParameterReference;

/**
 * Parses and checks a parameter reference before any AWS call: the name rules and selector
 * (INVALID_REFERENCE), and an ARN's region against the vault's (REGION_MISMATCH). An ARN of
 * another account is let through: AWS decides whether it is shared with the caller.
 */
export function normalizeParameterReference(
  ref: ParameterRef,
  vault: VaultLocation,
): ParameterReference {
  const text =
    typeof ref === 'string'
      ? ref
      : typeof ref === 'object' && ref !== null && typeof ref.parameterId === 'string'
        ? formatParameterReference(ref)
        : undefined;
  if (text === undefined) {
    throw new ResolverError(
      'INVALID_REFERENCE',
      `invalid parameter reference: expected a string such as '/prod/db/host' or '/prod/db/host:3', or an object with a parameterId, received ${ref === null ? 'null' : typeof ref}`,
    );
  }
  const parsed = parseParameterReference(text);
  if (!parsed.ok) {
    throw new ResolverError(
      'INVALID_REFERENCE',
      `invalid parameter reference: ${parsed.error.message}`,
      { cause: parsed.error, parameterId: text },
    );
  }
  const reference = parsed.value;
  const regionProblem = parameterRegionProblem(reference, vault.region);
  if (regionProblem) {
    throw new ResolverError('REGION_MISMATCH', regionProblem, {
      hint: "a parameter referenced by ARN must be in the vault's region: create or share it in that region, or change the vault's region",
      parameterId: text,
    });
  }
  return reference;
}

/** True when the parameter belongs to another account than the vault's; undefined when unknown. */
export function isParameterCrossAccount(
  reference: ParameterReference,
  vault: VaultLocation,
): boolean | undefined {
  if (!reference.arn) return false;
  if (!vault.accountId) return undefined;
  return reference.arn.accountId !== vault.accountId;
}

/** The parameter's ARN as an IAM policy names it (`<account>` when the account is unknown). */
export function parameterArnOf(reference: ParameterReference, vault: VaultLocation): string {
  if (reference.arn) return formatParameterArn(reference.arn);
  return formatParameterArn({
    partition: partitionOfRegion(vault.region)?.id ?? 'aws',
    region: vault.region,
    accountId: vault.accountId ?? '<account>',
    name: reference.name,
  });
}
