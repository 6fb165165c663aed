import type { SecretRecord, SecretVersion } from './secrets-store.js';

/** The version that carries a staging label, if any. */
export function versionWithStage(record: SecretRecord, stage: string): SecretVersion | undefined {
  for (const version of record.versions.values()) if (version.stages.has(stage)) return version;
  return undefined;
}

/**
 * Adds a version. Without explicit stages it becomes AWSCURRENT and the former AWSCURRENT
 * becomes AWSPREVIOUS, as PutSecretValue does on AWS. Explicit stages move to it from
 * whatever version held them.
 */
export function addVersion(
  record: SecretRecord,
  version: Omit<SecretVersion, 'stages' | 'createdDate'>,
  stages?: string[],
): SecretVersion {
  const added: SecretVersion = { ...version, createdDate: new Date(), stages: new Set() };
  record.versions.set(added.versionId, added);
  for (const stage of stages && stages.length > 0 ? stages : ['AWSCURRENT']) {
    moveStage(record, stage, added.versionId);
  }
  record.lastChangedDate = new Date();
  return added;
}

/** Moves a label to a version; moving AWSCURRENT leaves AWSPREVIOUS on the former current. */
export function moveStage(
  record: SecretRecord,
  stage: string,
  toVersionId: string | undefined,
): void {
  const from = versionWithStage(record, stage);
  if (from && from.versionId === toVersionId) return;
  from?.stages.delete(stage);
  if (toVersionId !== undefined) record.versions.get(toVersionId)?.stages.add(stage);
  if (stage === 'AWSCURRENT' && from && toVersionId !== undefined) {
    const previous = versionWithStage(record, 'AWSPREVIOUS');
    previous?.stages.delete('AWSPREVIOUS');
    from.stages.add('AWSPREVIOUS');
  }
  record.lastChangedDate = new Date();
}
