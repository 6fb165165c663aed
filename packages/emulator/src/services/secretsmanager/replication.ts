import type { JsonHandler } from '../json-handler.js';
import { invalidParameter, locateSecret, requiredString } from './common.js';

interface ReplicaRegion {
  Region?: string;
  KmsKeyId?: string;
}

/**
 * secretsmanager:ReplicateSecretToRegions: a replica in each region, with the primary's name,
 * ARN suffix, versions, tags and resource policy, encrypted with the given key (default the
 * region's aws/secretsmanager). The emulator keeps no link between primary and replica
 * afterwards: later changes to the primary are not replicated.
 */
export const replicateSecretToRegions: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:ReplicateSecretToRegions',
  );
  const regions = input.AddReplicaRegions as ReplicaRegion[] | undefined;
  if (!Array.isArray(regions) || regions.length === 0) {
    throw invalidParameter('You must provide at least one Region in AddReplicaRegions.');
  }
  const statuses = regions.map(({ Region: region, KmsKeyId: kmsKeyId }) => {
    if (typeof region !== 'string' || region === '') {
      throw invalidParameter('Each replica Region must be a Region code.');
    }
    const secrets = ctx.world.secrets;
    if (region === record.region || secrets.byName(record.name, record.accountId, region)) {
      return {
        Region: region,
        Status: 'Failed',
        StatusMessage: `Replication failed: Secret name ${record.name} already exists in this Region.`,
      };
    }
    if (kmsKeyId !== undefined && !ctx.world.kms.resolve(kmsKeyId, record.accountId, region)) {
      return {
        Region: region,
        Status: 'Failed',
        StatusMessage: `Replication failed: The KMS key ${kmsKeyId} doesn't exist or isn't accessible in ${region}.`,
      };
    }
    const replica = secrets.create({
      name: record.name,
      accountId: record.accountId,
      region,
      description: record.description,
      kmsKeyId,
      tags: record.tags,
      resourcePolicy: record.resourcePolicy,
    });
    replica.arn = record.arn.replace(`:${record.region}:`, `:${region}:`);
    replica.resourcePolicyText = record.resourcePolicyText;
    for (const version of record.versions.values()) {
      replica.versions.set(version.versionId, { ...version, stages: new Set(version.stages) });
    }
    return { Region: region, KmsKeyId: kmsKeyId ?? 'alias/aws/secretsmanager', Status: 'InSync' };
  });
  return { ARN: record.arn, ReplicationStatus: statuses };
};
