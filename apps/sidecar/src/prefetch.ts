import type { Logger } from 'pino';
import { tagFiltersToAws } from './prefetch-tags.js';
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

/**
 * The start-up prefetch: secrets matching `tag_filters` through the resolver's
 * `prefetchMatching` (one BatchGetSecretValue page per 20 matches, each secret read once),
 * then the listed secrets not already loaded. Logs one summary line, `prefetch done`,
 * with codes of what failed (never values). Never throws.
 *
 * @example
 * void prefetchAtStart(resolver, ['prod/app1/db'], [{ key: 'team', values: ['app1'] }], logger);
 */
export async function prefetchAtStart(
  source: SecretSource,
  listed: readonly string[],
  tagFilters: SidecarSettings['prefetch']['tag_filters'],
  logger: Logger,
): Promise<PrefetchSummary> {
  const byTags: PrefetchSummary = { requested: 0, loaded: 0, failed: [] };
  if (tagFilters.length > 0) {
    if (!source.prefetchMatching) {
      logger.warn('prefetch.tag_filters needs a source with prefetchMatching; skipped');
    } else {
      try {
        addResult(byTags, await source.prefetchMatching(tagFiltersToAws(tagFilters)));
        byTags.requested = byTags.loaded + byTags.failed.length;
        logger.info({ matched: byTags.requested }, 'prefetch tag filters matched');
      } catch (error) {
        logger.warn(
          { code: (error as { code?: string }).code ?? (error as { name?: string }).name },
          'prefetch by tags failed; the listed secrets are still loaded',
        );
      }
    }
  }
  const summary = await prefetchSecrets(source, listed, logger);
  summary.requested += byTags.requested;
  summary.loaded += byTags.loaded;
  summary.failed.push(...byTags.failed);
  const failedCodes: Record<string, number> = {};
  for (const entry of summary.failed) failedCodes[entry.code] = (failedCodes[entry.code] ?? 0) + 1;
  logger.info(
    { requested: summary.requested, loaded: summary.loaded, failed: failedCodes },
    'prefetch done',
  );
  return summary;
}
