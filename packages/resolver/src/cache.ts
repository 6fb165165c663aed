import { LRUCache } from 'lru-cache';
import type {
  ParameterResult,
  ParameterValue,
  SecretResult,
  SecretValue,
  VersionSelector,
} from './types.js';

/** One cached version and the times that govern it (milliseconds, `now()` clock). */
export interface CacheEntry<R = SecretResult> {
  /**
   * The value as `getSecret` (or `getParameter`) hands it out while fresh: frozen, `stale:
   * false`, and the same object on every hit, so callers can key their own caches on it.
   */
  value: Readonly<R>;
  /** The same value marked `stale: true`, made on first stale use and then reused. */
  staleValue?: Readonly<R>;
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

/** What a cache of one kind of value needs to know about it. */
export interface ValueKind<V extends { ARN: string }, R, S> {
  /** The version part of a key; '' for the version nearly every read asks for. */
  versionKey: (selector: S) => string;
  /** The frozen result handed out, fresh or stale. */
  freeze: (value: V | Readonly<R>, stale: boolean) => Readonly<R>;
}

const DEFAULT_STAGE = 'AWSCURRENT';

/** The part of a cache key that names the version. */
export const selectorKey = (selector: VersionSelector): string =>
  selector.versionId ? `#${selector.versionId}` : `@${selector.versionStage ?? DEFAULT_STAGE}`;

/** The version key of a secret: '' for AWSCURRENT (nearly every entry). */
const secretVersionKey = (selector: VersionSelector): string =>
  !selector.versionId && (selector.versionStage ?? DEFAULT_STAGE) === DEFAULT_STAGE
    ? ''
    : selectorKey(selector);

/**
 * The entry key of a version: the ARN alone for the default version (nearly every entry, and
 * no key string to build or keep per entry), else the ARN, a newline and the version. An ARN
 * has no newline, so the two forms never collide.
 */
const entryKey = (arn: string, version: string): string =>
  version === '' ? arn : `${arn}\n${version}`;

/**
 * Versions keyed by the ARN AWS returned and the version asked for, so a name, a partial ARN
 * and a full ARN share one entry: the ids callers used are aliases of the ARN. Bounded by
 * lru-cache; expiry is computed on the injected clock so stale values can be kept, and tests
 * can move time. One class for secrets (`SecretCache`) and Parameter Store parameters.
 */
export class ValueCache<V extends { ARN: string }, R, S> {
  readonly #entries: LRUCache<string, CacheEntry<R>>;
  readonly #aliases: LRUCache<string, string>;
  readonly #options: SecretCacheOptions;
  readonly #kind: ValueKind<V, R, S>;

  constructor(options: SecretCacheOptions, kind: ValueKind<V, R, S>) {
    this.#options = options;
    this.#kind = kind;
    this.#entries = new LRUCache({ max: options.maxEntries });
    // Several ids may point at one ARN; room for a few spellings per entry.
    this.#aliases = new LRUCache({ max: options.maxEntries * 4 });
  }

  /** The entry for an id and version, fresh or not; undefined when never stored. */
  get(id: string, selector: S): CacheEntry<R> | undefined {
    const arn = this.#aliases.get(id) ?? id;
    return this.#entries.get(entryKey(arn, this.#kind.versionKey(selector)));
  }

  /** True when the entry may be served as fresh at `now`. */
  isFresh(entry: CacheEntry<R>, now = this.#options.now()): boolean {
    return now < entry.expiresAt;
  }

  /**
   * Stores a version fetched for `id`, replacing what was there (a rotated AWSCURRENT
   * replaces the old value). `notAfter` caps expiry (the next rotation).
   */
  set(id: string, selector: S, value: V, notAfter?: number): CacheEntry<R> {
    const now = this.#options.now();
    const { ttlMs, jitter, maxStaleMs, random } = this.#options;
    let expiresAt = now + ttlMs * (1 - jitter * random());
    if (notAfter !== undefined && notAfter > now) expiresAt = Math.min(expiresAt, notAfter);
    const entry: CacheEntry<R> = {
      value: this.#kind.freeze(value, false),
      fetchedAt: now,
      expiresAt,
      staleUntil: expiresAt + maxStaleMs,
    };
    // An ARN needs no alias of its own: `get` falls back to the id it was given.
    if (id !== value.ARN) this.#aliases.set(id, value.ARN);
    this.#entries.set(entryKey(value.ARN, this.#kind.versionKey(selector)), entry);
    return entry;
  }

  /**
   * Starts the entry's TTL again, keeping its value (the same object, so callers' caches
   * keyed on it stay valid): AWS said the cached version is still the current one.
   */
  renew(entry: CacheEntry<R>): void {
    const now = this.#options.now();
    const { ttlMs, jitter, maxStaleMs, random } = this.#options;
    entry.fetchedAt = now;
    entry.expiresAt = now + ttlMs * (1 - jitter * random());
    entry.staleUntil = entry.expiresAt + maxStaleMs;
    entry.retryAfter = undefined;
  }

  /** The entry's value marked stale: one object per entry, made once. */
  staleOf(entry: CacheEntry<R>): Readonly<R> {
    entry.staleValue ??= this.#kind.freeze(entry.value, true);
    return entry.staleValue;
  }

  /** Forgets every version of one value (by any of its ids), or everything. */
  delete(id?: string): void {
    if (id === undefined) {
      this.#entries.clear();
      this.#aliases.clear();
      return;
    }
    const arn = this.#aliases.get(id) ?? id;
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

/** Secret versions, keyed by ARN and version id or stage. */
export class SecretCache extends ValueCache<SecretValue, SecretResult, VersionSelector> {
  constructor(options: SecretCacheOptions) {
    super(options, { versionKey: secretVersionKey, freeze: freezeResult });
  }
}

/**
 * A frozen result sharing the fetched value's fields (no copy of the secret itself). The
 * VersionStages array is frozen too; SecretBinary bytes cannot be frozen (a typed array).
 */
export function freezeResult(
  value: SecretValue | SecretResult,
  stale: boolean,
): Readonly<SecretResult> {
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

/** Which parameter version, read how: the reference's selector and WithDecryption. */
export interface ParameterSelector {
  /** ':3' or ':blue'; undefined for the latest version. */
  selector?: string | undefined;
  withDecryption: boolean;
}

/** '' for the latest version decrypted (nearly every read), else the selector and the mode. */
const parameterVersionKey = ({ selector, withDecryption }: ParameterSelector): string =>
  selector === undefined && withDecryption ? '' : `${withDecryption ? 'd' : 'e'}${selector ?? ''}`;

/** A frozen parameter result, every field in one literal (one hidden class, as for secrets). */
export function freezeParameter(value: ParameterValue, stale: boolean): Readonly<ParameterResult> {
  return Object.freeze({
    Name: value.Name,
    ARN: value.ARN,
    Type: value.Type,
    Value: value.Value,
    Version: value.Version,
    Selector: value.Selector,
    SourceResult: value.SourceResult,
    LastModifiedDate: value.LastModifiedDate,
    DataType: value.DataType,
    stale,
  });
}

/** Parameter versions, keyed by ARN, selector and WithDecryption. */
export class ParameterCache extends ValueCache<ParameterValue, ParameterResult, ParameterSelector> {
  constructor(options: SecretCacheOptions) {
    super(options, { versionKey: parameterVersionKey, freeze: freezeParameter });
  }
}
