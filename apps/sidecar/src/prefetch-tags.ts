import {
  BatchGetSecretValueCommand,
  type Filter,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SidecarSettings } from './settings.js';

/** Secrets matched per page: BatchGetSecretValue's maximum. */
const PAGE_SIZE = 20;
/** Stops a runaway filter: 10,000 secrets at most. */
const MAX_PAGES = 500;

/**
 * Turns `prefetch.tag_filters` into BatchGetSecretValue filters. As in Secrets Manager, all
 * filters must match (AND); `tag-key` and `tag-value` are matched independently.
 *
 * @example
 * tagFiltersToAws([{ key: 'team', values: ['orders'] }]);
 * // [{ Key: 'tag-key', Values: ['team'] }, { Key: 'tag-value', Values: ['orders'] }]
 */
export function tagFiltersToAws(tagFilters: SidecarSettings['prefetch']['tag_filters']): Filter[] {
  return tagFilters.flatMap((filter) => [
    { Key: 'tag-key', Values: [filter.key] },
    ...(filter.values?.length ? [{ Key: 'tag-value' as const, Values: filter.values }] : []),
  ]);
}

/**
 * Names of the secrets matching the tag filters, found with BatchGetSecretValue's
 * `Filters` (20 a page). The values that come back are dropped at once; the resolver then
 * loads the names into its cache.
 *
 * @example
 * const names = await secretNamesByTags(client, [{ key: 'team', values: ['orders'] }]);
 */
export async function secretNamesByTags(
  client: SecretsManagerClient,
  tagFilters: SidecarSettings['prefetch']['tag_filters'],
): Promise<string[]> {
  const filters = tagFiltersToAws(tagFilters);
  const names: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const output = await client.send(
      new BatchGetSecretValueCommand({
        Filters: filters,
        MaxResults: PAGE_SIZE,
        NextToken: nextToken,
      }),
    );
    for (const entry of output.SecretValues ?? []) if (entry.Name) names.push(entry.Name);
    nextToken = output.NextToken;
    if (!nextToken) break;
  }
  return names;
}
