import { LRUCache } from 'lru-cache';
import type { SecretResult, SecretValue, VersionSelector } from './types.js';

/** One cached secret version and the times that govern it (milliseconds, `now()` clock). */
export interface CacheEntry {
  /**
   * The value as `getSecret` hands it out while fresh: frozen, `stale: false`, and the same
   * object on every hit, so callers can key their own caches on its identity.
   */
  value: Readonly<SecretResult>;
  /** The same value marked `stale: true`, made on first stale use and then reused. */
  staleValue?: Readonly<SecretResult>;
  fetchedAt: number;
  /** Fresh until then; jittered, and no later than the next rotation when known. */
  expiresAt: number;
  /** Not served, even stale, after then. */
  staleUntil: number;
  /** While serving stale after a failure: no new AWS call before then. */
  retryAfter?: number;
}

export interface SecretCacheOptions {
  maxEntries: number;
  ttlMs: number;
  maxStaleMs: number;
  /** Fraction of the TTL by which expiry may come early (0.1: up to 10% earlier). */
  jitter: number;
  now: () => number;
  random: () => number;
}

const DEFAULT_STAGE = 'AWSCURRENT';

/** The part of a cache key that names the version. */
export const selectorKey = (selector: VersionSelector): string =>
  selector.versionId ? `#${selector.versionId}` : `@${selector.versionStage ?? DEFAULT_STAGE}`;

/**
 * The entry key of a version: the ARN alone for AWSCURRENT (nearly every entry, and no key
 * string to build or keep per entry), else the ARN, a newline and the version. An ARN has no
 * newline, so the two forms never collide.
 */
const entryKey = (arn: string, selector: VersionSelector): string =>
  !selector.versionId && (selector.versionStage ?? DEFAULT_STAGE) === DEFAULT_STAGE
    ? arn
    : `${arn}\n${selectorKey(selector)}`;

/**
 * Secret versions keyed by the secret's ARN and the version (id or stage), so a name, a
 * partial ARN and a full ARN of one secret share one entry: the ids callers used are
 * aliases of the ARN AWS returned. Bounded by lru-cache; expiry is computed on the
 * injected clock so stale values can be kept, and tests can move time.
 */
export class SecretCache {
  readonly #entries: LRUCache<string, CacheEntry>;
  readonly #aliases: LRUCache<string, string>;
  readonly #options: SecretCacheOptions;

  constructor(options: SecretCacheOptions) {
    this.#options = options;
    this.#entries = new LRUCache({ max: options.maxEntries });
    // Several ids may point at one ARN; room for a few spellings per entry.
    this.#aliases = new LRUCache({ max: options.maxEntries * 4 });
  }

  /** The entry for a secret id and version, fresh or not; undefined when never stored. */
  get(secretId: string, selector: VersionSelector): CacheEntry | undefined {
    const arn = this.#aliases.get(secretId) ?? secretId;
    return this.#entries.get(entryKey(arn, selector));
  }

  /** True when the entry may be served as fresh at `now`. */
  isFresh(entry: CacheEntry, now = this.#options.now()): boolean {
    return now < entry.expiresAt;
  }

  /**
   * Stores a version fetched for `secretId`, replacing what was there (a rotated
   * AWSCURRENT replaces the old value). `notAfter` caps expiry (the next rotation).
   */
  set(
    secretId: string,
    selector: VersionSelector,
    value: SecretValue,
    notAfter?: number,
  ): CacheEntry {
    const now = this.#options.now();
    const { ttlMs, jitter, maxStaleMs, random } = this.#options;
    let expiresAt = now + ttlMs * (1 - jitter * random());
    if (notAfter !== undefined && notAfter > now) expiresAt = Math.min(expiresAt, notAfter);
    const entry: CacheEntry = {
      value: freezeResult(value, false),
      fetchedAt: now,
      expiresAt,
      staleUntil: expiresAt + maxStaleMs,
    };
    // An ARN needs no alias of its own: `get` falls back to the id it was given.
    if (secretId !== value.ARN) this.#aliases.set(secretId, value.ARN);
    this.#entries.set(entryKey(value.ARN, selector), entry);
    return entry;
  }

  /**
   * Starts the entry's TTL again, keeping its value (the same object, so callers' caches
   * keyed on it stay valid): AWS said the cached version is still the current one.
   */
  renew(entry: CacheEntry): void {
    const now = this.#options.now();
    const { ttlMs, jitter, maxStaleMs, random } = this.#options;
    entry.fetchedAt = now;
    entry.expiresAt = now + ttlMs * (1 - jitter * random());
    entry.staleUntil = entry.expiresAt + maxStaleMs;
    entry.retryAfter = undefined;
  }

  /** Forgets every version of one secret (by any of its ids), or everything. */
  delete(secretId?: string): void {
    if (secretId === undefined) {
      this.#entries.clear();
      this.#aliases.clear();
      return;
    }
    const arn = this.#aliases.get(secretId) ?? secretId;
    const prefix = `${arn}\n`;
    for (const key of [...this.#entries.keys()]) {
      if (key === arn || key.startsWith(prefix)) this.#entries.delete(key);
    }
    for (const [alias, target] of [...this.#aliases.entries()]) {
      if (target === arn) this.#aliases.delete(alias);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * A frozen result sharing the fetched value's fields (no copy of the secret itself). The
 * VersionStages array is frozen too; SecretBinary bytes cannot be frozen (a typed array).
 */
export function freezeResult(value: SecretValue, stale: boolean): Readonly<SecretResult> {
  Object.freeze(value.VersionStages);
  // Every field in one literal, in one order (absent ones undefined), so that all results
  // share one hidden class. Frozen copies made with `{ ...value, stale }` got a hidden class
  // each: about 300 bytes per cached secret, 3 MB with 10,000 of them (heap snapshot).
  return Object.freeze({
    ARN: value.ARN,
    Name: value.Name,
    VersionId: value.VersionId,
    SecretString: value.SecretString,
    SecretBinary: value.SecretBinary,
    VersionStages: value.VersionStages,
    CreatedDate: value.CreatedDate,
    stale,
  });
}

/** The entry's value marked stale: one object per entry, made once. */
export function staleResultOf(entry: CacheEntry): Readonly<SecretResult> {
  entry.staleValue ??= freezeResult(entry.value, true);
  return entry.staleValue;
}
