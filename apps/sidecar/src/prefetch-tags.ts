import type { SidecarSettings } from './settings.js';

/** A Secrets Manager list filter, as BatchGetSecretValue's `Filters` takes it. */
export interface SecretFilter {
  Key: 'tag-key' | 'tag-value';
  Values: string[];
}

/**
 * Turns `prefetch.tag_filters` into BatchGetSecretValue filters. As in Secrets Manager, all
 * filters must match (AND); `tag-key` and `tag-value` are matched independently.
 *
 * @example
 * tagFiltersToAws([{ key: 'team', values: ['orders'] }]);
 * // [{ Key: 'tag-key', Values: ['team'] }, { Key: 'tag-value', Values: ['orders'] }]
 */
export function tagFiltersToAws(
  tagFilters: SidecarSettings['prefetch']['tag_filters'],
): SecretFilter[] {
  return tagFilters.flatMap((filter) => [
    { Key: 'tag-key' as const, Values: [filter.key] },
    ...(filter.values?.length ? [{ Key: 'tag-value' as const, Values: filter.values }] : []),
  ]);
}
