// When a cached value may be served (fresh, or stale while AWS fails): one policy for secrets
// and Parameter Store parameters alike.
import type { CacheEntry } from './cache.js';
import { ResolverError } from './errors.js';
import type { Instruments } from './metrics.js';

/** What is being read, for messages, logs and metric labels. */
export interface CachedSubject {
  /** The id the cache and the metric labels use (a secret id, a parameter reference). */
  id: string;
  /** 'secret' or 'parameter', as messages name it. */
  noun: 'secret' | 'parameter';
  /** The AWS service, as the outage message names it. */
  service: 'Secrets Manager' | 'Parameter Store';
}

/** The part of a `ValueCache` the policy uses. */
export interface EntryCache<R> {
  isFresh(entry: CacheEntry<R>, now?: number): boolean;
  staleOf(entry: CacheEntry<R>): Readonly<R>;
  delete(id?: string): void;
}

export interface CachePolicy {
  now: () => number;
  /** After a failure served stale, no new AWS call for this long. */
  staleRetryMs: number;
  instruments: Instruments;
}

/**
 * The cached value a read may return without calling AWS: fresh, or stale while waiting
 * `staleRetryMs` after a failure. Counts the hit or the stale serve; undefined otherwise.
 */
export function readCached<R>(
  entry: CacheEntry<R> | undefined,
  cache: EntryCache<R>,
  subject: CachedSubject,
  policy: CachePolicy,
): Readonly<R> | undefined {
  if (!entry) return undefined;
  const now = policy.now();
  if (cache.isFresh(entry, now)) {
    policy.instruments.hit(subject.id);
    return entry.value;
  }
  if (entry.retryAfter !== undefined && now < entry.retryAfter && now < entry.staleUntil) {
    policy.instruments.stale(subject.id);
    return cache.staleOf(entry);
  }
  return undefined;
}

/**
 * The last value when AWS failed transiently and it is within maxStaleSeconds; throws
 * UNAVAILABLE when it is older than that; undefined when there is nothing to serve.
 */
export function serveStale<R>(
  entry: CacheEntry<R> | undefined,
  cache: EntryCache<R>,
  subject: CachedSubject,
  error: ResolverError,
  policy: CachePolicy,
): Readonly<R> | undefined {
  if (!error.transient || !entry) return undefined;
  const now = policy.now();
  const { id, noun, service } = subject;
  if (now >= entry.staleUntil) {
    const maxStaleSeconds = Math.round((entry.staleUntil - entry.expiresAt) / 1000);
    const pastTtl = Math.round((now - entry.expiresAt) / 1000);
    cache.delete(id);
    policy.instruments.error('UNAVAILABLE', id);
    throw new ResolverError(
      'UNAVAILABLE',
      `${noun} '${id}': AWS is failing (${error.code}) and the last value expired ${pastTtl}s ago, more than cache.maxStaleSeconds (${maxStaleSeconds}s) allows: restore access to ${service}, or raise cache.maxStaleSeconds to ride out longer outages`,
      {
        cause: error,
        hint: error.hint,
        ...(noun === 'secret' ? { secretId: id } : { parameterId: id }),
        awsCode: error.awsCode,
        status: error.status,
      },
    );
  }
  entry.retryAfter = now + policy.staleRetryMs;
  policy.instruments.stale(id);
  policy.instruments.log(
    'warn',
    { [noun]: id, code: error.code, expiredSecondsAgo: Math.round((now - entry.expiresAt) / 1000) },
    `AWS failed; serving the last value of the ${noun}, marked stale`,
  );
  return cache.staleOf(entry);
}
