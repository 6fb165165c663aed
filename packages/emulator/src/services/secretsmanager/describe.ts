import { nextRotationDate, rotationRulesOf } from '../../state/rotation.js';
import type { SecretRecord } from '../../state/secrets-store.js';
import { epoch } from './common.js';

/** Version id to its staging labels, for versions that still carry one. */
export function versionsToStages(record: SecretRecord): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const version of record.versions.values()) {
    if (version.stages.size > 0) out[version.versionId] = [...version.stages];
  }
  return out;
}

/** The metadata of a secret as DescribeSecret and ListSecrets show it (never its value). */
export function describeRecord(record: SecretRecord): Record<string, unknown> {
  const tags = Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    ARN: record.arn,
    Name: record.name,
    Description: record.description,
    KmsKeyId: record.kmsKeyId,
    RotationEnabled: record.rotation?.enabled ?? false,
    RotationLambdaARN: record.rotation?.lambdaArn,
    RotationRules: record.rotation ? rotationRulesOf(record.rotation) : undefined,
    LastRotatedDate: epoch(record.lastRotatedDate),
    NextRotationDate: epoch(nextRotationDate(record)),
    LastChangedDate: epoch(record.lastChangedDate),
    LastAccessedDate: epoch(record.lastAccessedDate),
    DeletedDate: epoch(record.deletedDate),
    Tags: tags.length > 0 ? tags : undefined,
    CreatedDate: epoch(record.createdDate),
    PrimaryRegion: record.region,
  };
}
