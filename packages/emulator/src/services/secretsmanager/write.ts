import { formatSecretArn, validateSecretName } from '@vaultline/secret-names';
import { AwsWireError } from '../../http/wire-error.js';
import { newUuid } from '../../state/ids.js';
import type { SecretVersion } from '../../state/secrets-store.js';
import { addVersion, moveStage, versionWithStage } from '../../state/versions.js';
import { requireAllowed } from '../authorization.js';
import type { JsonHandler } from '../json-handler.js';
import {
  invalidParameter,
  invalidRequest,
  locateSecret,
  notFound,
  optionalString,
  parsePolicy,
  readTags,
  readValue,
  requiredString,
  requireKmsThroughService,
} from './common.js';

const sameValue = (
  version: SecretVersion,
  value: { secretString?: string; secretBinary?: Buffer },
) =>
  version.secretString === value.secretString &&
  (version.secretBinary === undefined
    ? value.secretBinary === undefined
    : value.secretBinary !== undefined && version.secretBinary.equals(value.secretBinary));

/** secretsmanager:CreateSecret, with an optional first value (AWSCURRENT). */
export const createSecret: JsonHandler = (ctx, input) => {
  const name = requiredString(input, 'Name');
  const check = validateSecretName(name);
  if (!check.valid) {
    throw new AwsWireError('ValidationException', `Invalid name: ${check.violations[0]!.message}`);
  }
  const accountId = ctx.caller.principal.accountId;
  const partialArn = formatSecretArn({ partition: 'aws', region: ctx.region, accountId, name });
  requireAllowed(ctx, {
    action: 'secretsmanager:CreateSecret',
    resource: `${partialArn}-??????`,
    resourceAccountId: accountId,
  });
  const existing = ctx.world.secrets.byName(name, accountId, ctx.region);
  if (existing?.deletedDate) {
    throw invalidRequest(
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  }
  if (existing) {
    throw new AwsWireError(
      'ResourceExistsException',
      `The operation failed because the secret ${name} already exists.`,
    );
  }
  const value = readValue(input);
  const kmsKeyId = optionalString(input, 'KmsKeyId');
  if (kmsKeyId !== undefined && !ctx.world.kms.resolve(kmsKeyId, accountId, ctx.region)) {
    throw invalidParameter(`The KMS key ${kmsKeyId} doesn't exist or isn't accessible.`);
  }
  const record = ctx.world.secrets.create({
    name,
    accountId,
    region: ctx.region,
    description: optionalString(input, 'Description'),
    kmsKeyId,
    tags: readTags(input),
  });
  let versionId: string | undefined;
  if (value) {
    try {
      requireKmsThroughService(ctx, record, 'kms:GenerateDataKey');
    } catch (error) {
      ctx.world.secrets.remove(record);
      throw error;
    }
    versionId = addVersion(record, {
      versionId: optionalString(input, 'ClientRequestToken') ?? newUuid(),
      ...value,
    }).versionId;
  }
  return { ARN: record.arn, Name: record.name, VersionId: versionId };
};

/** secretsmanager:PutSecretValue: a new version; AWSCURRENT moves to it unless stages are given. */
export const putSecretValue: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:PutSecretValue',
  );
  const value = readValue(input);
  if (!value) throw invalidParameter('You must provide either SecretString or SecretBinary.');
  const versionId = optionalString(input, 'ClientRequestToken') ?? newUuid();
  const stages = input.VersionStages as string[] | undefined;
  const existing = record.versions.get(versionId);
  if (existing) {
    if (!sameValue(existing, value)) {
      throw new AwsWireError(
        'ResourceExistsException',
        `You can't modify an existing version, you can only create a new version. Version ${versionId} already exists with another value.`,
      );
    }
    return {
      ARN: record.arn,
      Name: record.name,
      VersionId: versionId,
      VersionStages: [...existing.stages],
    };
  }
  requireKmsThroughService(ctx, record, 'kms:GenerateDataKey');
  const version = addVersion(record, { versionId, ...value }, stages);
  return {
    ARN: record.arn,
    Name: record.name,
    VersionId: version.versionId,
    VersionStages: [...version.stages],
  };
};

/** secretsmanager:UpdateSecretVersionStage: move or remove a staging label. */
export const updateSecretVersionStage: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:UpdateSecretVersionStage',
  );
  const stage = requiredString(input, 'VersionStage');
  const moveTo = optionalString(input, 'MoveToVersionId');
  const removeFrom = optionalString(input, 'RemoveFromVersionId');
  const holder = versionWithStage(record, stage);
  if (moveTo !== undefined && !record.versions.has(moveTo)) {
    throw notFound(`Secrets Manager can't find the specified secret version: ${moveTo}`);
  }
  if (holder && holder.versionId !== moveTo && holder.versionId !== removeFrom) {
    throw invalidParameter(
      `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  if (removeFrom !== undefined && holder?.versionId !== removeFrom) {
    throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
  }
  if (moveTo === undefined) {
    if (stage === 'AWSCURRENT') {
      throw invalidParameter(
        'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
      );
    }
    if (holder) holder.stages.delete(stage);
    record.lastChangedDate = new Date();
  } else {
    moveStage(record, stage, moveTo);
  }
  return { ARN: record.arn, Name: record.name };
};

/** secretsmanager:PutResourcePolicy. */
export const putResourcePolicy: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:PutResourcePolicy',
  );
  const text = requiredString(input, 'ResourcePolicy');
  record.resourcePolicy = parsePolicy(text);
  record.resourcePolicyText = text;
  return { ARN: record.arn, Name: record.name };
};

/** secretsmanager:GetResourcePolicy. */
export const getResourcePolicy: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:GetResourcePolicy',
  );
  const text =
    record.resourcePolicyText ??
    (record.resourcePolicy ? JSON.stringify(record.resourcePolicy) : undefined);
  return { ARN: record.arn, Name: record.name, ResourcePolicy: text };
};

/** secretsmanager:DeleteResourcePolicy. */
export const deleteResourcePolicy: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:DeleteResourcePolicy',
  );
  record.resourcePolicy = undefined;
  record.resourcePolicyText = undefined;
  return { ARN: record.arn, Name: record.name };
};

/** secretsmanager:TagResource. */
export const tagResource: JsonHandler = (ctx, input) => {
  const record = locateSecret(ctx, requiredString(input, 'SecretId'), 'secretsmanager:TagResource');
  Object.assign(record.tags, readTags(input));
  return {};
};

/** secretsmanager:UntagResource. */
export const untagResource: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:UntagResource',
  );
  for (const key of (input.TagKeys ?? []) as string[]) delete record.tags[key];
  return {};
};
