import type { Filter, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type VaultConfig, vaultAccountId } from '@vaultline/config';
import type { SecretReference } from '@vaultline/secret-names';
import type { AwsErrorContext } from './aws-errors.js';
import { toResolverError } from './aws-errors.js';
import { type CacheEntry, SecretCache, staleResultOf } from './cache.js';
import { createSecretsManagerClient } from './client.js';
import {
  assembleConnection,
  type ConnectionReference,
  type ConnectionSource,
  collectReferences,
  type ResolvedConnection,
} from './connection.js';
import { ResolverError, type ResolverErrorCode } from './errors.js';
import { SecretFetcher } from './fetcher.js';
import { readJsonKey, readWholeValue } from './json-key.js';
import { Instruments } from './metrics.js';
import {
  isCrossAccount,
  normalizeReference,
  type SecretRef,
  type VaultLocation,
} from './normalize-reference.js';
import type { ResolverOptions } from './options.js';
import type { ResolvedValue, SecretResult, SecretValue, VersionSelector } from './types.js';

/** The vault settings the resolver reads (a `VaultConfig` from @vaultline/config fits). */
export interface ResolverVault extends VaultLocation {
  endpoint?: string | undefined;
  cache?: { ttlSeconds?: number; maxEntries?: number; maxStaleSeconds?: number } | undefined;
}

/** What `createResolver` needs: a vault and, for `resolveConnection`, connections. */
export interface ResolverConfig {
  vault: ResolverVault;
  connections?: Record<string, ConnectionSource> | undefined;
}

/** A Secrets Manager list filter, e.g. `{ Key: 'tag-key', Values: ['team'] }`. */
export type SecretFilter = Filter;

/** Per-call options of `getSecret` and `getValue`. */
export interface GetSecretOptions extends VersionSelector {
  /** Ask AWS even when the cache holds a fresh value. */
  refreshNow?: boolean;
  /**
   * With `refreshNow`, when AWS fails: 'serve-stale' (the default) serves the last value
   * while within maxStaleSeconds, as any read does; 'throw' throws the error and leaves the
   * cache as it was, as AWS's agent answers refreshNow (the sidecar's default).
   */
  onRefreshFailure?: 'serve-stale' | 'throw';
}

/** Options of `resolveConnection`: refresh every secret of the connection at once. */
export type ResolveConnectionOptions = Pick<GetSecretOptions, 'refreshNow' | 'onRefreshFailure'>;

/** What `prefetch` loaded and what it could not. */
export interface PrefetchResult {
  loaded: number;
  failed: { ref: string; error: ResolverError }[];
}

/** Failures after which a cached value must not be served again, even stale. */
const FORGETTING_CODES: ReadonlySet<ResolverErrorCode> = new Set([
  'SECRET_NOT_FOUND',
  'SECRET_DELETED',
  'ACCESS_DENIED',
  'KMS_ACCESS_DENIED',
  'DECRYPTION_FAILURE',
]);

const DEFAULTS = { ttlSeconds: 300, maxEntries: 1000, maxStaleSeconds: 900 };

/** True when a selector asks for AWSCURRENT (no version id, no other stage). */
const isCurrent = (selector: VersionSelector): boolean =>
  !selector.versionId && (selector.versionStage ?? 'AWSCURRENT') === 'AWSCURRENT';

/** Parsed text references kept per resolver; a bound so odd callers cannot grow it. */
const MAX_PARSED_REFERENCES = 1024;

/**
 * Resolves secret references and connections from AWS Secrets Manager. Create one per
 * process with `createResolver`; it batches, caches and serves stale values on its own.
 */
export interface Resolver extends AsyncDisposable {
  /**
   * The secret version in the GetSecretValue shape, plus `stale`. Frozen: a cache hit returns
   * the same object for as long as the entry is unchanged (one object when fresh, another
   * when served stale), so callers may key their own caches on its identity.
   */
  getSecret(ref: SecretRef, options?: GetSecretOptions): Promise<Readonly<SecretResult>>;
  /**
   * The fresh cached version, synchronously, or undefined when `getSecret` would have to do
   * anything else (call AWS, serve stale, report an invalid reference). A result counts as a
   * cache hit; undefined counts nothing, so follow it with `getSecret`. For hot paths that
   * answer cache hits without a promise (the sidecar).
   */
  peekSecret(ref: SecretRef, options?: VersionSelector): Readonly<SecretResult> | undefined;
  /** The reference's value: the JSON key's value when it names one, else text or bytes. */
  getValue(ref: SecretRef, options?: GetSecretOptions): Promise<ResolvedValue>;
  /**
   * One connection with every secret reference replaced by its value. With `refreshNow`,
   * every secret of it is asked from AWS together (one BatchGetSecretValue per 20).
   */
  resolveConnection(name: string, options?: ResolveConnectionOptions): Promise<ResolvedConnection>;
  /** Every connection of the config, fetched together. */
  resolveAll(): Promise<Record<string, ResolvedConnection>>;
  /** Loads references into the cache in as few calls as possible; never throws for a secret. */
  prefetch(refs: Iterable<SecretRef>): Promise<PrefetchResult>;
  /**
   * Loads every secret matching Secrets Manager filters (a tag, a name prefix) with
   * BatchGetSecretValue, 20 a call; the values are cached under their names and ARNs.
   * Needs secretsmanager:ListSecrets as well. Rejects only when the listing itself fails.
   */
  prefetchMatching(filters: SecretFilter[]): Promise<PrefetchResult>;
  /** Forgets one secret (every version, by any of its ids) or everything. */
  invalidate(ref?: SecretRef): void;
  /** Stops timers and, when the resolver built it, the SDK client. */
  close(): Promise<void>;
}

/** A loaded version: the cache entry's own frozen object, so a hit allocates nothing. */
type Loaded = Readonly<SecretResult>;

class SecretResolver implements Resolver {
  readonly #config: ResolverConfig;
  readonly #vault: ResolverVault;
  readonly #client: SecretsManagerClient;
  readonly #ownsClient: boolean;
  readonly #cache: SecretCache;
  readonly #fetcher: SecretFetcher;
  readonly #instruments: Instruments;
  readonly #now: () => number;
  readonly #staleRetryMs: number;
  readonly #expireAtNextRotation: boolean;
  #refreshByDescribe: boolean;
  /** AWSCURRENT entries being checked with DescribeSecret, by ARN: one call for all callers. */
  readonly #revalidating = new Map<string, Promise<Loaded>>();
  readonly #plans = new WeakMap<ConnectionSource, ConnectionReference[]>();
  // Text references already parsed and checked (a server reads the same few ids all day).
  readonly #parsed = new Map<string, SecretReference>();
  #closed = false;

  constructor(config: ResolverConfig, options: ResolverOptions) {
    this.#config = config;
    // The account named secrets live in: vault.accountId, else the assumed role's account.
    this.#vault = {
      ...config.vault,
      accountId: config.vault.accountId ?? vaultAccountId(config.vault as VaultConfig),
    };
    this.#now = options.now ?? Date.now;
    this.#staleRetryMs = options.staleRetryMs ?? 2000;
    this.#expireAtNextRotation = options.expireAtNextRotation ?? false;
    this.#refreshByDescribe = options.refreshByDescribe ?? false;
    this.#instruments = new Instruments(
      options.metrics,
      options.logger,
      options.metricLabelsWithNames ?? false,
    );
    const cache = { ...DEFAULTS, ...config.vault.cache };
    this.#cache = new SecretCache({
      maxEntries: cache.maxEntries,
      ttlMs: cache.ttlSeconds * 1000,
      maxStaleMs: cache.maxStaleSeconds * 1000,
      jitter: options.ttlJitter ?? 0.1,
      now: this.#now,
      random: options.random ?? Math.random,
    });
    this.#ownsClient = options.client === undefined;
    this.#client = options.client ?? createSecretsManagerClient(config.vault, options);
    this.#fetcher = new SecretFetcher({
      client: this.#client,
      instruments: this.#instruments,
      batchWindowMs: options.batchWindowMs ?? 0,
      ...(options.maxBatchesInFlight === undefined
        ? {}
        : { maxBatchesInFlight: options.maxBatchesInFlight }),
      contextFor: (secretId) => this.#contextFor({ secretId }),
    });
  }

  async getSecret(ref: SecretRef, options: GetSecretOptions = {}): Promise<Readonly<SecretResult>> {
    const reference = this.#reference(ref);
    return this.#load(reference, options);
  }

  peekSecret(ref: SecretRef, options: VersionSelector = {}): Readonly<SecretResult> | undefined {
    if (this.#closed) return undefined;
    let reference: SecretReference;
    try {
      reference = this.#parse(ref);
    } catch {
      return undefined;
    }
    const entry = this.#cache.get(reference.secretId, this.#selectorOf(reference, options));
    if (entry === undefined || !this.#cache.isFresh(entry, this.#now())) return undefined;
    this.#instruments.hit(reference.secretId);
    return entry.value;
  }

  async getValue(ref: SecretRef, options: GetSecretOptions = {}): Promise<ResolvedValue> {
    const reference = this.#reference(ref);
    const loaded = await this.#load(reference, options);
    return this.#valueOf(reference, loaded);
  }

  async resolveConnection(
    name: string,
    options: ResolveConnectionOptions = {},
  ): Promise<ResolvedConnection> {
    const connections = this.#config.connections ?? {};
    const connection = Object.hasOwn(connections, name) ? connections[name] : undefined;
    if (!connection) {
      const known = Object.keys(connections);
      const error = new ResolverError(
        'UNKNOWN_CONNECTION',
        `no connection named '${name}' in the configuration; ${known.length === 0 ? 'it defines no connections' : `known connections: ${known.join(', ')}`}`,
        { connection: name },
      );
      this.#instruments.error(error.code, undefined);
      throw error;
    }
    const all = await this.#resolveMany([[name, connection]], options);
    return all[name]!;
  }

  async resolveAll(): Promise<Record<string, ResolvedConnection>> {
    return this.#resolveMany(Object.entries(this.#config.connections ?? {}));
  }

  async prefetch(refs: Iterable<SecretRef>): Promise<PrefetchResult> {
    this.#assertOpen();
    const failed: PrefetchResult['failed'] = [];
    const references: SecretReference[] = [];
    for (const ref of refs) {
      try {
        references.push(this.#reference(ref));
      } catch (error) {
        failed.push({ ref: describeRef(ref), error: toResolverError(error) });
      }
    }
    const outcomes = await this.#loadMany(references);
    let loaded = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') loaded += 1;
      else
        failed.push({ ref: references[index]!.secretId, error: toResolverError(outcome.reason) });
    });
    return { loaded, failed };
  }

  async prefetchMatching(filters: SecretFilter[]): Promise<PrefetchResult> {
    this.#assertOpen();
    let found: Awaited<ReturnType<SecretFetcher['fetchMatching']>>;
    try {
      found = await this.#fetcher.fetchMatching(filters);
    } catch (error) {
      const resolverError = toResolverError(error);
      this.#instruments.error(resolverError.code, undefined);
      throw resolverError;
    }
    for (const value of found.values) this.#cache.set(value.Name, {}, value);
    for (const { secretId, error } of found.errors) this.#instruments.error(error.code, secretId);
    return {
      loaded: found.values.length,
      failed: found.errors.map(({ secretId, error }) => ({ ref: secretId, error })),
    };
  }

  invalidate(ref?: SecretRef): void {
    if (ref === undefined) {
      this.#cache.delete();
      return;
    }
    this.#cache.delete(this.#reference(ref).secretId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#fetcher.close();
    this.#cache.delete();
    if (this.#ownsClient) this.#client.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new ResolverError(
        'CLOSED',
        'the resolver is closed: create a new one with createResolver',
      );
    }
  }

  #reference(ref: SecretRef): SecretReference {
    this.#assertOpen();
    try {
      return this.#parse(ref);
    } catch (error) {
      const resolverError = toResolverError(error);
      this.#instruments.error(resolverError.code, undefined);
      throw resolverError;
    }
  }

  /** normalizeReference, remembered for text references (the result is frozen). */
  #parse(ref: SecretRef): SecretReference {
    if (typeof ref !== 'string') return normalizeReference(ref, this.#vault);
    let reference = this.#parsed.get(ref);
    if (reference === undefined) {
      reference = Object.freeze(normalizeReference(ref, this.#vault));
      if (this.#parsed.size >= MAX_PARSED_REFERENCES) this.#parsed.clear();
      this.#parsed.set(ref, reference);
    }
    return reference;
  }

  #selectorOf(reference: SecretReference, options: VersionSelector): VersionSelector {
    return {
      versionId: options.versionId ?? reference.versionId,
      versionStage: options.versionStage ?? reference.versionStage,
    };
  }

  #valueOf(reference: SecretReference, value: SecretValue): ResolvedValue {
    if (reference.jsonKey === undefined) return readWholeValue(value);
    try {
      return readJsonKey(value, reference.jsonKey, reference.secretId);
    } catch (error) {
      const resolverError = toResolverError(error);
      this.#instruments.error(resolverError.code, reference.secretId);
      throw resolverError;
    }
  }

  #contextFor(reference: SecretReference): AwsErrorContext {
    return {
      secretId: reference.secretId,
      crossAccount: isCrossAccount(reference, this.#vault),
      region: this.#vault.region,
      endpoint: this.#vault.endpoint,
    };
  }

  /**
   * One secret version: from the cache when fresh, else from AWS, else (AWS failing) the
   * last value while within maxStaleSeconds. The AWS call is made synchronously, so a loop
   * of loads lands in one batch.
   */
  #load(reference: SecretReference, options: GetSecretOptions): Promise<Loaded> {
    const selector = this.#selectorOf(reference, options);
    const { secretId } = reference;
    const now = this.#now();
    const entry = this.#cache.get(secretId, selector);
    if (entry && !options.refreshNow) {
      if (this.#cache.isFresh(entry, now)) {
        this.#instruments.hit(secretId);
        return Promise.resolve(entry.value);
      }
      if (entry.retryAfter !== undefined && now < entry.retryAfter && now < entry.staleUntil) {
        this.#instruments.stale(secretId);
        return Promise.resolve(staleResultOf(entry));
      }
    }
    this.#instruments.miss(secretId);
    if (entry && !options.refreshNow && this.#refreshByDescribe && isCurrent(selector)) {
      return this.#revalidate(reference, selector, entry, options);
    }
    const fetched = this.#fetcher.fetch({ secretId, ...selector });
    return this.#afterFetch(reference, selector, fetched, options);
  }

  /**
   * An expired AWSCURRENT entry, checked with DescribeSecret: when its version is still
   * AWSCURRENT the value is kept and its TTL renewed; otherwise (a rotation, or DescribeSecret
   * failed) it is fetched as any expired entry, stale serving included.
   */
  #revalidate(
    reference: SecretReference,
    selector: VersionSelector,
    entry: CacheEntry,
    options: GetSecretOptions,
  ): Promise<Loaded> {
    const arn = entry.value.ARN;
    const pending = this.#revalidating.get(arn);
    if (pending) return pending;
    const check = this.#stillCurrent(entry).then((current) => {
      if (current) {
        this.#cache.renew(entry);
        return entry.value;
      }
      const fetched = this.#fetcher.fetch({ secretId: reference.secretId, ...selector });
      return this.#afterFetch(reference, selector, fetched, options);
    });
    const shared = check.finally(() => this.#revalidating.delete(arn));
    this.#revalidating.set(arn, shared);
    return shared;
  }

  /** Whether DescribeSecret says the entry's version still holds AWSCURRENT. */
  async #stillCurrent(entry: CacheEntry): Promise<boolean> {
    try {
      const stages = await this.#fetcher.versionStages(entry.value.ARN);
      return stages[entry.value.VersionId]?.includes('AWSCURRENT') === true;
    } catch (caught) {
      const error = toResolverError(caught);
      if (error.code === 'ACCESS_DENIED') {
        // A policy without secretsmanager:DescribeSecret: fetch values again, as without the option.
        this.#refreshByDescribe = false;
        this.#instruments.log(
          'warn',
          { action: 'DescribeSecret', awsCode: error.awsCode },
          'DescribeSecret was denied; expired values are fetched again from now on (allow secretsmanager:DescribeSecret to save GetSecretValue calls and KMS decrypts)',
        );
      }
      return false;
    }
  }

  async #afterFetch(
    reference: SecretReference,
    selector: VersionSelector,
    fetched: Promise<SecretValue>,
    options: GetSecretOptions,
  ): Promise<Loaded> {
    const { secretId } = reference;
    try {
      const value = await fetched;
      const previous = this.#cache.get(secretId, selector);
      const notAfter = await this.#rotationCap(value, selector);
      const entry = this.#cache.set(secretId, selector, value, notAfter);
      if (previous && previous.value.VersionId !== value.VersionId) {
        this.#instruments.log(
          'info',
          {
            secret: secretId,
            versionId: value.VersionId,
            previousVersionId: previous.value.VersionId,
          },
          'a new version of the secret replaced the cached one',
        );
      }
      return entry.value;
    } catch (caught) {
      const error = toResolverError(caught);
      if (options.refreshNow && options.onRefreshFailure === 'throw') {
        // The caller asked AWS explicitly: the answer is AWS's, and the cache stays as it was.
        this.#instruments.error(error.code, secretId);
        throw error;
      }
      const served = this.#serveStale(secretId, selector, error);
      if (served) return served;
      // AWS said no (not "not now"): never serve the old value again, even stale.
      if (FORGETTING_CODES.has(error.code)) this.#cache.delete(secretId);
      this.#instruments.error(error.code, secretId);
      throw error;
    }
  }

  /** The last value when AWS failed transiently and it is within maxStaleSeconds. */
  #serveStale(
    secretId: string,
    selector: VersionSelector,
    error: ResolverError,
  ): Loaded | undefined {
    if (!error.transient) return undefined;
    const entry: CacheEntry | undefined = this.#cache.get(secretId, selector);
    if (!entry) return undefined;
    const now = this.#now();
    if (now >= entry.staleUntil) {
      const maxStaleSeconds = Math.round((entry.staleUntil - entry.expiresAt) / 1000);
      const pastTtl = Math.round((now - entry.expiresAt) / 1000);
      this.#cache.delete(secretId);
      this.#instruments.error('UNAVAILABLE', secretId);
      throw new ResolverError(
        'UNAVAILABLE',
        `secret '${secretId}': AWS is failing (${error.code}) and the last value expired ${pastTtl}s ago, more than cache.maxStaleSeconds (${maxStaleSeconds}s) allows: restore access to Secrets Manager, or raise cache.maxStaleSeconds to ride out longer outages`,
        { cause: error, hint: error.hint, secretId, awsCode: error.awsCode, status: error.status },
      );
    }
    entry.retryAfter = now + this.#staleRetryMs;
    this.#instruments.stale(secretId);
    this.#instruments.log(
      'warn',
      {
        secret: secretId,
        code: error.code,
        expiredSecondsAgo: Math.round((now - entry.expiresAt) / 1000),
      },
      'AWS failed; serving the last value of the secret, marked stale',
    );
    return staleResultOf(entry);
  }

  /** With expireAtNextRotation: the next rotation date of an AWSCURRENT value. */
  async #rotationCap(value: SecretValue, selector: VersionSelector): Promise<number | undefined> {
    if (!this.#expireAtNextRotation || selector.versionId) return undefined;
    if (selector.versionStage && selector.versionStage !== 'AWSCURRENT') return undefined;
    try {
      return await this.#fetcher.nextRotation(value.ARN);
    } catch (error) {
      // Without the date the TTL still applies; say why the option had no effect.
      this.#instruments.log(
        'warn',
        { secret: value.Name, code: toResolverError(error).code },
        'DescribeSecret failed; the cached value expires by TTL only',
      );
      return undefined;
    }
  }

  /** Fetches every settled load in one go (one batch per 20 distinct secrets). */
  #loadMany(
    references: SecretReference[],
    options: GetSecretOptions = {},
  ): Promise<PromiseSettledResult<Loaded>[]> {
    this.#fetcher.cork();
    let loads: Promise<Loaded>[];
    try {
      loads = references.map((reference) => this.#load(reference, options));
    } finally {
      this.#fetcher.uncork();
    }
    return Promise.allSettled(loads);
  }

  async #resolveMany(
    connections: [string, ConnectionSource][],
    options: ResolveConnectionOptions = {},
  ): Promise<Record<string, ResolvedConnection>> {
    this.#assertOpen();
    const plans = connections.map(([name, connection]) => {
      try {
        return { name, connection, references: this.#referencesOf(connection) };
      } catch (error) {
        throw this.#connectionError(name, error);
      }
    });
    const distinct = new Map<string, SecretReference>();
    for (const plan of plans) {
      for (const { reference } of plan.references) {
        distinct.set(
          `${reference.secretId}\n${reference.versionId ?? ''}\n${reference.versionStage ?? ''}`,
          reference,
        );
      }
    }
    const keys = [...distinct.keys()];
    const outcomes = await this.#loadMany([...distinct.values()], options);
    const loaded = new Map<string, PromiseSettledResult<Loaded>>(
      keys.map((key, index) => [key, outcomes[index]!]),
    );
    const result: Record<string, ResolvedConnection> = {};
    for (const plan of plans) {
      try {
        result[plan.name] = assembleConnection(
          plan.name,
          plan.connection,
          plan.references,
          (reference) => {
            const key = `${reference.secretId}\n${reference.versionId ?? ''}\n${reference.versionStage ?? ''}`;
            const outcome = loaded.get(key)!;
            if (outcome.status === 'rejected') throw outcome.reason;
            return {
              value: this.#valueOf(reference, outcome.value),
              stale: outcome.value.stale,
            };
          },
        );
      } catch (error) {
        throw this.#connectionError(plan.name, error);
      }
    }
    return result;
  }

  /** A connection's references, parsed once: the config does not change under a resolver. */
  #referencesOf(connection: ConnectionSource): ConnectionReference[] {
    let references = this.#plans.get(connection);
    if (!references) {
      references = collectReferences(connection, this.#vault);
      this.#plans.set(connection, references);
    }
    return references;
  }

  #connectionError(name: string, error: unknown): ResolverError {
    return toResolverError(error).withConnection(name);
  }
}

/**
 * Creates a resolver for a vault configuration. Without `options.client` it builds a
 * Secrets Manager client from the vault (region, endpoint) and its auth strategy.
 *
 * @example
 * const resolver = createResolver(config);
 * const password = await resolver.getValue('prod/orders/db:password');
 * const db = await resolver.resolveConnection('orders-db'); // { name, values, secretValues, stale }
 * await resolver.close();
 */
export function createResolver(config: ResolverConfig, options: ResolverOptions = {}): Resolver {
  return new SecretResolver(config, options);
}

const describeRef = (ref: SecretRef): string =>
  typeof ref === 'string'
    ? ref
    : typeof ref === 'object' && ref !== null
      ? String(ref.secretId)
      : String(ref);
