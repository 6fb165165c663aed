import { newUuid } from '../../state/ids.js';
import { addVersion } from '../../state/versions.js';
import type { JsonHandler } from '../json-handler.js';
import {
  invalidParameter,
  locateSecret,
  optionalString,
  readValue,
  requiredString,
  requireKmsThroughService,
} from './common.js';

/**
 * secretsmanager:UpdateSecret: the description, the KMS key and, with a value, a new
 * AWSCURRENT version. With a new key, the versions are read with it from then on, as AWS
 * re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions; the caller must be able
 * to use the new key through Secrets Manager.
 */
export const updateSecret: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:UpdateSecret',
  );
  const kmsKeyId = optionalString(input, 'KmsKeyId');
  if (kmsKeyId !== undefined) {
    if (!ctx.world.kms.resolve(kmsKeyId, record.accountId, record.region)) {
      throw invalidParameter(`The KMS key ${kmsKeyId} doesn't exist or isn't accessible.`);
    }
    const previous = record.kmsKeyId;
    record.kmsKeyId = kmsKeyId;
    try {
      requireKmsThroughService(ctx, record, 'kms:GenerateDataKey');
    } catch (error) {
      record.kmsKeyId = previous;
      throw error;
    }
  }
  const description = optionalString(input, 'Description');
  if (description !== undefined) record.description = description;
  const value = readValue(input);
  let versionId: string | undefined;
  if (value) {
    requireKmsThroughService(ctx, record, 'kms:GenerateDataKey');
    versionId = addVersion(record, {
      versionId: optionalString(input, 'ClientRequestToken') ?? newUuid(),
      ...value,
    }).versionId;
  }
  record.lastChangedDate = new Date();
  return { ARN: record.arn, Name: record.name, ...(versionId ? { VersionId: versionId } : {}) };
};
