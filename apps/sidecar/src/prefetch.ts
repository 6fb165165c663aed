import type { Logger } from 'pino';
import type { SecretSource } from './source.js';

/** References per prefetch round: 5 BatchGetSecretValue calls of 20 in flight at a time. */
export const PREFETCH_CHUNK = 100;

/** What a prefetch loaded, and the codes of what it could not (never values). */
export interface PrefetchSummary {
  requested: number;
  loaded: number;
  failed: { ref: string; code: string }[];
}

/**
 * Loads the listed secrets into the resolver's cache in rounds of {@link PREFETCH_CHUNK}, so
 * a long list does not open hundreds of calls to AWS at once (and hold their responses in
 * memory together). Never throws: failures are reported, requests for them fetch later.
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
  if (!source.prefetch) return summary;
  for (let start = 0; start < refs.length; start += PREFETCH_CHUNK) {
    const chunk = refs.slice(start, start + PREFETCH_CHUNK);
    try {
      const result = (await source.prefetch(chunk)) as
        | { loaded?: number; failed?: { ref: string; error?: { code?: string } }[] }
        | undefined;
      summary.loaded += result?.loaded ?? 0;
      for (const entry of result?.failed ?? []) {
        summary.failed.push({ ref: entry.ref, code: entry.error?.code ?? 'UNKNOWN' });
      }
    } catch (error) {
      logger.warn({ err: error }, 'prefetch round failed');
      for (const ref of chunk) summary.failed.push({ ref, code: 'UNKNOWN' });
    }
  }
  return summary;
}
