import type { Logger } from 'pino';
import { type SecretFilter, tagFiltersToAws } from './prefetch-tags.js';
import type { SidecarSettings } from './settings.js';
import type { SecretSource } from './source.js';

/** What a prefetch loaded, and the codes of what it could not (never values). */
export interface PrefetchSummary {
  requested: number;
  loaded: number;
  failed: { ref: string; code: string }[];
}

/**
 * Loads the listed secrets into the resolver's cache. The resolver sends them as
 * BatchGetSecretValue calls of 20 and bounds how many are in flight, so a long list needs no
 * rounds here. Never throws: failures are reported, requests for them fetch later.
 *
 * @example
 * const summary = await prefetchSecrets(resolver, ['prod/app1/db', 'prod/app1/token'], logger);
 */
export async function prefetchSecrets(
  source: SecretSource,
  refs: readonly string[],
  logger: Logger,
): Promise<PrefetchSummary> {
  const summary: PrefetchSummary = { requested: refs.length, loaded: 0, failed: [] };
  if (!source.prefetch || refs.length === 0) return summary;
  try {
    addResult(summary, await source.prefetch([...refs]));
  } catch (error) {
    logger.warn({ err: error }, 'prefetch failed');
    for (const ref of refs) summary.failed.push({ ref, code: 'UNKNOWN' });
  }
  return summary;
}

/** Adds a resolver PrefetchResult (loaded, failed with codes) to a summary. */
export function addResult(summary: PrefetchSummary, result: unknown): void {
  const typed = result as
    | { loaded?: number; failed?: { ref: string; error?: { code?: string } }[] }
    | undefined;
  summary.loaded += typed?.loaded ?? 0;
  for (const entry of typed?.failed ?? []) {
    summary.failed.push({ ref: entry.ref, code: entry.error?.code ?? 'UNKNOWN' });
  }
}

/** The secrets and tag filters to prefetch through one role (undefined: the sidecar's own). */
interface RoleGroup {
  secrets: string[];
  filters: SecretFilter[][];
}

/**
 * Groups `prefetch` by the role each entry is read through: listed ids and `{ secret_id,
 * role_arn }` entries; vaultline's `tag_filters` (all must match) as one filter set; the
 * agent's `filter_tags` as one `tag-key` filter per role naming all its keys (any matches).
 *
 * @example
 * planPrefetch({ secrets: ['a', { secret_id: 'b', role_arn: 'arn:aws:iam::1:role/r' }], tag_filters: [], filter_tags: [] });
 */
export function planPrefetch(
  prefetch: Pick<SidecarSettings['prefetch'], 'secrets' | 'tag_filters' | 'filter_tags'>,
): Map<string | undefined, RoleGroup> {
  const groups = new Map<string | undefined, RoleGroup>();
  const group = (role: string | undefined): RoleGroup => {
    let found = groups.get(role);
    if (!found) {
      found = { secrets: [], filters: [] };
      groups.set(role, found);
    }
    return found;
  };
  for (const entry of prefetch.secrets) {
    if (typeof entry === 'string') group(undefined).secrets.push(entry);
    else group(entry.role_arn).secrets.push(entry.secret_id);
  }
  if (prefetch.tag_filters.length > 0) {
    group(undefined).filters.push(tagFiltersToAws(prefetch.tag_filters));
  }
  const keysByRole = new Map<string | undefined, string[]>();
  for (const { key, role_arn: role } of prefetch.filter_tags) {
    keysByRole.set(role, [...(keysByRole.get(role) ?? []), key]);
  }
  for (const [role, keys] of keysByRole)
    group(role).filters.push([{ Key: 'tag-key', Values: keys }]);
  return groups;
}

/** One role's prefetch: its tag filters, then its listed secrets up to what is left of `limit`. */
async function prefetchGroup(
  source: SecretSource,
  group: RoleGroup,
  limit: number,
  logger: Logger,
): Promise<PrefetchSummary> {
  const byTags: PrefetchSummary = { requested: 0, loaded: 0, failed: [] };
  for (const filters of group.filters) {
    if (!source.prefetchMatching) {
      logger.warn('prefetch by tags needs a source with prefetchMatching; skipped');
      break;
    }
    try {
      addResult(byTags, await source.prefetchMatching(filters));
      byTags.requested = byTags.loaded + byTags.failed.length;
      logger.info({ matched: byTags.requested }, 'prefetch tag filters matched');
    } catch (error) {
      logger.warn(
        { code: (error as { code?: string }).code ?? (error as { name?: string }).name },
        'prefetch by tags failed; the listed secrets are still loaded',
      );
    }
  }
  const room = Math.max(0, limit - byTags.loaded);
  if (group.secrets.length > room) {
    logger.warn(
      { notFetched: group.secrets.length - room },
      'prefetch: cache_buffer_ratio of cache_size reached; the other listed secrets load on first use',
    );
  }
  const summary = await prefetchSecrets(source, group.secrets.slice(0, room), logger);
  summary.requested += byTags.requested;
  summary.loaded += byTags.loaded;
  summary.failed.push(...byTags.failed);
  return summary;
}

/**
 * The start-up prefetch, as the agent's: after a random wait up to `max_jitter_seconds`, per
 * role (the sidecar's own, or each `role_arn`'s resolver), the secrets matching tag filters
 * (each read once, BatchGetSecretValue pages of 20), then the listed ones, at most
 * `cache_buffer_ratio` of `cacheSize` per role. Logs one summary line, `prefetch done`, with
 * codes of what failed (never values). Never throws.
 *
 * @example
 * void prefetchAtStart(async () => resolver, settings.prefetch, 1000, logger);
 */
export async function prefetchAtStart(
  sourceFor: (role: string | undefined) => Promise<SecretSource | { code: string }>,
  prefetch: SidecarSettings['prefetch'],
  cacheSize: number,
  logger: Logger,
  random: () => number = Math.random,
): Promise<PrefetchSummary> {
  if (prefetch.max_jitter_seconds > 0) {
    await new Promise((resolve) =>
      setTimeout(resolve, random() * prefetch.max_jitter_seconds * 1000),
    );
  }
  const limit = Math.max(1, Math.floor(cacheSize * prefetch.cache_buffer_ratio));
  const summary: PrefetchSummary = { requested: 0, loaded: 0, failed: [] };
  for (const [role, group] of planPrefetch(prefetch)) {
    const source = await sourceFor(role);
    if ('code' in source && !('getSecret' in source)) {
      logger.warn({ roleArn: role, code: source.code }, 'prefetch: the role could not be used');
      for (const ref of group.secrets) summary.failed.push({ ref, code: source.code });
      continue;
    }
    const part = await prefetchGroup(source as SecretSource, group, limit, logger);
    summary.requested += part.requested;
    summary.loaded += part.loaded;
    summary.failed.push(...part.failed);
  }
  const failedCodes: Record<string, number> = {};
  for (const entry of summary.failed) failedCodes[entry.code] = (failedCodes[entry.code] ?? 0) + 1;
  logger.info(
    { requested: summary.requested, loaded: summary.loaded, failed: failedCodes },
    'prefetch done',
  );
  return summary;
}
