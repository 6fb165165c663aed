import { AwsWireError, deniedError } from '../../http/wire-error.js';
import type { SecretRecord, SecretVersion } from '../../state/secrets-store.js';
import { versionWithStage } from '../../state/versions.js';
import { decide, requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';
import type { JsonHandler } from '../json-handler.js';
import {
  epoch,
  invalidParameter,
  locateSecret,
  notFound,
  optionalString,
  requiredString,
  requireKmsThroughService,
  valueFields,
} from './common.js';
import { filterSecrets } from './list.js';

const MAX_BATCH = 20;

function pickVersion(record: SecretRecord, versionId?: string, stage?: string): SecretVersion {
  if (versionId !== undefined) {
    const version = record.versions.get(versionId);
    if (!version || (stage !== undefined && !version.stages.has(stage))) {
      throw notFound(
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    return version;
  }
  const label = stage ?? 'AWSCURRENT';
  const version = versionWithStage(record, label);
  if (!version)
    throw notFound(
      `Secrets Manager can't find the specified secret value for staging label: ${label}`,
    );
  return version;
}

/**
 * One secret value read by the caller, with the KMS check Secrets Manager makes; Parameter
 * Store's `/aws/reference/secretsmanager/` reads through it too, with the caller's rights.
 */
export function readSecretValue(
  ctx: CallContext,
  secretId: string,
  versionId?: string,
  stage?: string,
) {
  const record = locateSecret(ctx, secretId, 'secretsmanager:GetSecretValue');
  const version = pickVersion(record, versionId, stage);
  requireKmsThroughService(ctx, record, 'kms:Decrypt');
  if (version.secretString === undefined && version.secretBinary === undefined) {
    throw notFound(
      `Secrets Manager can't find the specified secret value for staging label: ${stage ?? 'AWSCURRENT'}`,
    );
  }
  const now = new Date();
  record.lastAccessedDate = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  );
  return {
    ARN: record.arn,
    Name: record.name,
    VersionId: version.versionId,
    ...valueFields(version),
    VersionStages: [...version.stages],
    CreatedDate: epoch(version.createdDate),
  };
}

/** secretsmanager:GetSecretValue by name, full ARN or partial ARN. */
export const getSecretValue: JsonHandler = (ctx, input) =>
  readSecretValue(
    ctx,
    requiredString(input, 'SecretId'),
    checkVersionId(optionalString(input, 'VersionId')),
    optionalString(input, 'VersionStage'),
  );

/** AWS checks a VersionId's length (32 to 64) before anything else, in its validation form. */
function checkVersionId(versionId: string | undefined): string | undefined {
  if (versionId === undefined) return undefined;
  const [bound, limit] = versionId.length < 32 ? ['greater', 32] : ['less', 64];
  if (versionId.length >= 32 && versionId.length <= 64) return versionId;
  throw new AwsWireError(
    'ValidationException',
    `1 validation error detected: Value '${versionId}' at 'versionId' failed to satisfy constraint: Member must have length ${bound} than or equal to ${limit}`,
  );
}

/** secretsmanager:BatchGetSecretValue: up to 20 ids or a filter; failures land in Errors. */
export const batchGetSecretValue: JsonHandler = (ctx, input) => {
  const ids = input.SecretIdList as string[] | undefined;
  const filters = input.Filters as { Key: string; Values: string[] }[] | undefined;
  if ((ids === undefined) === (filters === undefined)) {
    throw invalidParameter('Either SecretIdList or Filters must be specified, but not both.');
  }
  requireAllowed(ctx, {
    action: 'secretsmanager:BatchGetSecretValue',
    resource: '*',
    resourceAccountId: ctx.caller.principal.accountId,
  });
  let targets: string[];
  let nextToken: string | undefined;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BATCH) {
      throw new AwsWireError(
        'ValidationException',
        `1 validation error detected: Value at 'secretIdList' failed to satisfy constraint: Member must have length between 1 and ${MAX_BATCH}`,
      );
    }
    targets = ids;
  } else {
    const listing = decide(ctx, {
      action: 'secretsmanager:ListSecrets',
      resource: '*',
      resourceAccountId: ctx.caller.principal.accountId,
    });
    if (!listing.allowed) throw deniedError('json', listing);
    const page = filterSecrets(ctx, {
      Filters: filters,
      MaxResults: Math.min(Number(input.MaxResults ?? MAX_BATCH), MAX_BATCH),
      NextToken: input.NextToken,
    });
    targets = page.records.map((r) => r.arn);
    nextToken = page.nextToken;
  }
  const SecretValues: unknown[] = [];
  const Errors: { SecretId: string; ErrorCode: string; Message: string }[] = [];
  for (const id of targets) {
    try {
      SecretValues.push(readSecretValue(ctx, id));
    } catch (error) {
      if (!(error instanceof AwsWireError)) throw error;
      Errors.push({ SecretId: id, ErrorCode: error.code, Message: error.message });
    }
  }
  return { SecretValues, Errors, NextToken: nextToken };
};
