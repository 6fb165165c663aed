import type { SecretValue } from './types.js';

interface WireEntry {
  ARN?: string | undefined;
  Name?: string | undefined;
  VersionId?: string | undefined;
  SecretString?: string | undefined;
  SecretBinary?: Uint8Array | undefined;
  VersionStages?: string[] | undefined;
  CreatedDate?: Date | undefined;
}

/** The stages of nearly every cached version, one frozen array for all of them. */
const CURRENT_ONLY: string[] = Object.freeze(['AWSCURRENT']) as unknown as string[];

/** A copy of the stages, or the shared array when they are just AWSCURRENT (memory per entry). */
function stagesOf(stages: string[] | undefined): string[] {
  if (stages === undefined) return [];
  if (stages.length === 1 && stages[0] === 'AWSCURRENT') return CURRENT_ONLY;
  return [...stages];
}

/**
 * Copies a GetSecretValue response or a BatchGetSecretValue entry into the shape the
 * resolver caches and returns, without the SDK's `$metadata`.
 */
export function toSecretValue(entry: WireEntry, requestedId: string): SecretValue {
  const value: SecretValue = {
    ARN: entry.ARN ?? requestedId,
    Name: entry.Name ?? requestedId,
    VersionId: entry.VersionId ?? '',
    VersionStages: stagesOf(entry.VersionStages),
  };
  if (entry.SecretString !== undefined) value.SecretString = entry.SecretString;
  if (entry.SecretBinary !== undefined) value.SecretBinary = entry.SecretBinary;
  if (entry.CreatedDate !== undefined) value.CreatedDate = entry.CreatedDate;
  return value;
}

/** The ARN without AWS's `-XXXXXX` suffix: what a partial ARN of this secret looks like. */
export const partialArnOf = (arn: string): string => arn.replace(/-[A-Za-z0-9]{6}$/, '');
