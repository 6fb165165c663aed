import { AwsWireError } from '../../http/wire-error.js';
import type { SecretRecord } from '../../state/secrets-store.js';
import { requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';
import type { JsonHandler } from '../json-handler.js';
import { epoch, locateSecret, requiredString } from './common.js';
import { describeRecord, versionsToStages } from './describe.js';

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

interface Filter {
  Key: string;
  Values: string[];
}

/** The fields a filter key looks at. */
function fieldsOf(record: SecretRecord, key: string): string[] {
  switch (key) {
    case 'name':
      return [record.name];
    case 'description':
      return [record.description ?? ''];
    case 'tag-key':
      return Object.keys(record.tags);
    case 'tag-value':
      return Object.values(record.tags);
    case 'primary-region':
      return [record.region];
    case 'owning-service':
      return [];
    default:
      return [
        record.name,
        record.description ?? '',
        ...Object.keys(record.tags),
        ...Object.values(record.tags),
      ];
  }
}

/**
 * AWS's filter rules: values are prefixes, `!` negates; values of one key are ORed,
 * keys are ANDed.
 */
function matches(record: SecretRecord, filters: Filter[]): boolean {
  return filters.every((filter) => {
    const fields = fieldsOf(record, filter.Key);
    const positive = filter.Values.filter((v) => !v.startsWith('!'));
    const negative = filter.Values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
    // The `all` key is not case-sensitive on AWS; the others are.
    const fold =
      filter.Key === 'all' ? (text: string) => text.toLowerCase() : (text: string) => text;
    const hit = (prefix: string) => fields.some((f) => fold(f).startsWith(fold(prefix)));
    return (positive.length === 0 || positive.some(hit)) && !negative.some(hit);
  });
}

const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64');
function decodeToken(token: unknown): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as {
      offset: number;
    };
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {}
  throw new AwsWireError('InvalidNextTokenException', 'The NextToken value is invalid.');
}

/** One page of the caller's account's secrets in this region, filtered. */
export function filterSecrets(
  ctx: CallContext,
  input: Record<string, unknown>,
): { records: SecretRecord[]; nextToken?: string } {
  const filters = (input.Filters ?? []) as Filter[];
  for (const filter of filters) {
    if (!FILTER_KEYS.includes(filter.Key) || !Array.isArray(filter.Values)) {
      throw new AwsWireError(
        'ValidationException',
        `1 validation error detected: Value '${filter.Key}' at 'filters.key' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
      );
    }
  }
  const maxResults = input.MaxResults === undefined ? 100 : Number(input.MaxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new AwsWireError('ValidationException', 'MaxResults must be between 1 and 100.');
  }
  const includeDeleted = input.IncludePlannedDeletion === true;
  let records = ctx.world.secrets
    .list(ctx.caller.principal.accountId, ctx.region)
    .filter((r) => (includeDeleted || !r.deletedDate) && matches(r, filters));
  if (input.SortOrder === 'desc') records = records.reverse();
  const offset = decodeToken(input.NextToken);
  const page = records.slice(offset, offset + maxResults);
  const next = offset + maxResults < records.length ? encodeToken(offset + maxResults) : undefined;
  return { records: page, nextToken: next };
}

/** secretsmanager:ListSecrets with filters and pagination; never returns values. */
export const listSecrets: JsonHandler = (ctx, input) => {
  requireAllowed(ctx, {
    action: 'secretsmanager:ListSecrets',
    resource: '*',
    resourceAccountId: ctx.caller.principal.accountId,
  });
  const { records, nextToken } = filterSecrets(ctx, input);
  return {
    SecretList: records.map((r) => ({
      ...describeRecord(r),
      SecretVersionsToStages: versionsToStages(r),
    })),
    NextToken: nextToken,
  };
};

/** secretsmanager:ListSecretVersionIds. */
export const listSecretVersionIds: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:ListSecretVersionIds',
    {
      allowDeleted: true,
    },
  );
  const includeDeprecated = input.IncludeDeprecated === true;
  const versions = [...record.versions.values()]
    .filter((v) => includeDeprecated || v.stages.size > 0)
    .sort((a, b) => b.createdDate.getTime() - a.createdDate.getTime());
  const maxResults = input.MaxResults === undefined ? 100 : Number(input.MaxResults);
  const offset = decodeToken(input.NextToken);
  return {
    Versions: versions.slice(offset, offset + maxResults).map((v) => ({
      VersionId: v.versionId,
      VersionStages: [...v.stages],
      CreatedDate: epoch(v.createdDate),
    })),
    NextToken: offset + maxResults < versions.length ? encodeToken(offset + maxResults) : undefined,
    ARN: record.arn,
    Name: record.name,
  };
};

/** secretsmanager:DescribeSecret (also for secrets scheduled for deletion). */
export const describeSecret: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:DescribeSecret',
    {
      allowDeleted: true,
    },
  );
  return { ...describeRecord(record), VersionIdsToStages: versionsToStages(record) };
};
