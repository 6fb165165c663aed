// ssm:DescribeParameters: metadata of the account's parameters, never their values.
import type { ParameterRecord } from '../../state/parameters-store.js';
import { requireAllowed } from '../authorization.js';
import type { JsonHandler } from '../json-handler.js';
import { epoch, validation } from './common.js';
import { readPage } from './pages.js';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 50;

interface ParameterFilter {
  Key: string;
  Option?: string;
  Values?: string[];
}

const pathFormOf = (name: string): string => (name.startsWith('/') ? name : `/${name}`);

/** True when a parameter passes one filter (Name, Type, KeyId, Path, as AWS reads them). */
function passes(record: ParameterRecord, filter: ParameterFilter): boolean {
  const latest = record.versions.at(-1)!;
  const values = filter.Values ?? [];
  switch (filter.Key) {
    case 'Name':
      return filter.Option === 'BeginsWith'
        ? values.some((v) => pathFormOf(record.name).startsWith(pathFormOf(v)))
        : values.some((v) => pathFormOf(v) === pathFormOf(record.name));
    case 'Type':
      return values.includes(latest.type);
    case 'KeyId':
      return latest.keyId !== undefined && values.includes(latest.keyId);
    case 'Path':
      return values.some((path) => {
        const prefix = path.endsWith('/') ? path : `${path}/`;
        const full = pathFormOf(record.name);
        if (!full.startsWith(prefix)) return false;
        return filter.Option === 'Recursive' || !full.slice(prefix.length).includes('/');
      });
    default:
      throw validation(
        `1 validation error detected: Value '${filter.Key}' at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType`,
      );
  }
}

/** ssm:DescribeParameters with ParameterFilters, MaxResults (at most 50) and NextToken. */
export const describeParameters: JsonHandler = (ctx, input) => {
  const accountId = ctx.caller.principal.accountId;
  requireAllowed(ctx, {
    action: 'ssm:DescribeParameters',
    resource: '*',
    resourceAccountId: accountId,
  });
  const filters = (
    Array.isArray(input.ParameterFilters) ? input.ParameterFilters : []
  ) as ParameterFilter[];
  const matching = ctx.world.parameters
    .list(accountId, ctx.region)
    .filter((record) => filters.every((filter) => passes(record, filter)));
  const page = readPage(matching, input, DEFAULT_PAGE, MAX_PAGE);
  return {
    Parameters: page.items.map((record) => {
      const latest = record.versions.at(-1)!;
      return {
        Name: record.name,
        ARN: record.arn,
        Type: latest.type,
        ...(latest.keyId ? { KeyId: latest.keyId } : {}),
        LastModifiedDate: epoch(latest.lastModifiedDate),
        LastModifiedUser: latest.lastModifiedUser,
        ...(latest.description ? { Description: latest.description } : {}),
        Version: latest.version,
        Tier: record.tier,
        Policies: [],
        DataType: 'text',
      };
    }),
    NextToken: page.nextToken,
  };
};
