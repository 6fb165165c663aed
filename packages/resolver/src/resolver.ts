import type { Filter, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { type VaultConfig, vaultAccountId } from '@vaultline/config';
import {
  formatParameterReference,
  type ParameterReference,
  type SecretReference,
} from '@vaultline/secret-names';
import type { AwsErrorContext } from './aws-errors.js';
import { toResolverError } from './aws-errors.js';
import { type CacheEntry, SecretCache } from './cache.js';
import { type CachedSubject, type CachePolicy, readCached, serveStale } from './cache-policy.js';
import { createSecretsManagerClient, createSsmClient, credentialsOf } from './client.js';
import {
  assembleConnection,
  type ConnectionReference,
  type ConnectionSource,
  collectReferences,
  type LookedUp,
  type ResolvedConnection,
} from './connection.js';
import { ResolverError, type ResolverErrorCode } from './errors.js';
import { SecretFetcher } from './fetcher.js';
import { readJsonKey, readWholeValue } from './json-key.js';
import { Instruments } from './metrics.js';
import {
  isCrossAccount,
  normalizeParameterReference as normalizeParameter,
  normalizeReference,
  type ParameterRef,
  type SecretRef,
  type VaultLocation,
} from './normalize-reference.js';
import type { ResolverOptions } from './options.js';
import { ParameterReader } from './parameter-reader.js';
import type {
  GetParameterOptions,
  ParameterResult,
  ResolvedValue,
  SecretResult,
  SecretValue,
  VersionSelector,
} from './types.js';

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
  /**
   * A Parameter Store parameter in GetParameter's `Parameter` shape, plus `stale`: same-tick
   * reads are batched into GetParameters calls of up to 10 names, and cached with the
   * secrets' TTL and stale policy. SecureString values are decrypted unless
   * `withDecryption: false`. Frozen, like `getSecret`'s results.
   */
  getParameter(
    ref: ParameterRef,
    options?: GetParameterOptions,
  ): Promise<Readonly<ParameterResult>>;
  /** The fresh cached parameter, synchronously, or undefined (then call `getParameter`). */
  peekParameter(
    ref: ParameterRef,
    options?: Pick<GetParameterOptions, 'withDecryption'>,
  ): Readonly<ParameterResult> | undefined;
  /** Loads many parameters with GetParameters, 10 names a call. Never throws for one parameter. */
  prefetchParameters(
    refs: Iterable<ParameterRef>,
    options?: Pick<GetParameterOptions, 'withDecryption'>,
  ): Promise<PrefetchResult>;
  /** Forgets one parameter (every version, label and decryption mode) or every parameter. */
  invalidateParameter(ref?: ParameterRef): void;
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
  readonly #ssmClient: SSMClient;
  readonly #ownsSsmClient: boolean;
  readonly #parameters: ParameterReader;
  readonly #policy: CachePolicy;
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
    const cacheOptions = {
      maxEntries: cache.maxEntries,
      ttlMs: cache.ttlSeconds * 1000,
      maxStaleMs: cache.maxStaleSeconds * 1000,
      jitter: options.ttlJitter ?? 0.1,
      now: this.#now,
      random: options.random ?? Math.random,
    };
    this.#cache = new SecretCache(cacheOptions);
    this.#policy = {
      now: this.#now,
      staleRetryMs: this.#staleRetryMs,
      instruments: this.#instruments,
    };
    // One credentials provider for both clients: one AssumeRole, one refresh schedule.
    const clientOptions =
      options.credentials === undefined && (!options.client || !options.ssmClient)
        ? { ...options, credentials: credentialsOf(config.vault, options) }
        : options;
    this.#ownsClient = options.client === undefined;
    this.#client = options.client ?? createSecretsManagerClient(config.vault, clientOptions);
    this.#ownsSsmClient = options.ssmClient === undefined;
    this.#ssmClient = options.ssmClient ?? createSsmClient(config.vault, clientOptions);
    const batchWindowMs = options.batchWindowMs ?? 0;
    this.#fetcher = new SecretFetcher({
      client: this.#client,
      instruments: this.#instruments,
      batchWindowMs,
      ...(options.maxBatchesInFlight === undefined
        ? {}
        : { maxBatchesInFlight: options.maxBatchesInFlight }),
      contextFor: (secretId) => this.#contextFor({ secretId }),
    });
    this.#parameters = new ParameterReader({
      client: this.#ssmClient,
      vault: this.#vault,
      cache: cacheOptions,
      policy: this.#policy,
      batchWindowMs,
      maxBatchesInFlight: options.maxBatchesInFlight,
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

  async getParameter(
    ref: ParameterRef,
    options: GetParameterOptions = {},
  ): Promise<Readonly<ParameterResult>> {
    this.#assertOpen();
    return this.#parameters.load(this.#parameters.reference(ref), options);
  }

  peekParameter(
    ref: ParameterRef,
    options: Pick<GetParameterOptions, 'withDecryption'> = {},
  ): Readonly<ParameterResult> | undefined {
    if (this.#closed) return undefined;
    let reference: ParameterReference;
    try {
      reference = normalizeParameter(ref, this.#vault);
    } catch {
      return undefined;
    }
    return this.#parameters.peek(reference, options.withDecryption ?? true);
  }

  async prefetchParameters(
    refs: Iterable<ParameterRef>,
    options: Pick<GetParameterOptions, 'withDecryption'> = {},
  ): Promise<PrefetchResult> {
    this.#assertOpen();
    const failed: PrefetchResult['failed'] = [];
    const references: ParameterReference[] = [];
    for (const ref of refs) {
      try {
        references.push(this.#parameters.reference(ref));
      } catch (error) {
        failed.push({ ref: describeParameterRef(ref), error: toResolverError(error) });
      }
    }
    const outcomes = await this.#parameters.loadMany(references, options);
    let loaded = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') loaded += 1;
      else
        failed.push({
          ref: formatParameterReference(references[index]!),
          error: toResolverError(outcome.reason),
        });
    });
    return { loaded, failed };
  }

  invalidateParameter(ref?: ParameterRef): void {
    if (ref === undefined) {
      this.#parameters.invalidate();
      return;
    }
    this.#assertOpen();
    this.#parameters.invalidate(this.#parameters.reference(ref));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#fetcher.close();
    this.#parameters.close();
    this.#cache.delete();
    if (this.#ownsClient) this.#client.destroy();
    if (this.#ownsSsmClient) this.#ssmClient.destroy();
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
    const entry = this.#cache.get(secretId, selector);
    if (entry && !options.refreshNow) {
      const cached = readCached(entry, this.#cache, this.#subject(secretId), this.#policy);
      if (cached) return Promise.resolve(cached);
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
    const entry = this.#cache.get(secretId, selector);
    return serveStale(entry, this.#cache, this.#subject(secretId), error, this.#policy);
  }

  #subject(secretId: string): CachedSubject {
    return { id: secretId, noun: 'secret', service: 'Secrets Manager' };
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
    const loaded = await this.#loadReferences(
      plans.flatMap((plan) => plan.references),
      options,
    );
    const result: Record<string, ResolvedConnection> = {};
    for (const plan of plans) {
      try {
        result[plan.name] = assembleConnection(
          plan.name,
          plan.connection,
          plan.references,
          (entry) => {
            const outcome = loaded.get(referenceKey(entry))!;
            if (outcome.status === 'rejected') throw outcome.reason;
            return this.#lookedUp(entry, outcome.value);
          },
        );
      } catch (error) {
        throw this.#connectionError(plan.name, error);
      }
    }
    return result;
  }

  /**
   * Loads the distinct secrets and parameters of connections together: the secret batches
   * and the GetParameters calls start in the same turn (cold, one BatchGetSecretValue per 20
   * secrets and one GetParameters per 10 parameters).
   */
  async #loadReferences(
    entries: ConnectionReference[],
    options: ResolveConnectionOptions,
  ): Promise<Map<string, PromiseSettledResult<Loaded | Readonly<ParameterResult>>>> {
    const secrets = new Map<string, SecretReference>();
    const parameters = new Map<string, ParameterReference>();
    for (const entry of entries) {
      if (entry.kind === 'secret') secrets.set(referenceKey(entry), entry.reference);
      else parameters.set(referenceKey(entry), entry.reference);
    }
    this.#parameters.cork();
    let loads: [
      Promise<PromiseSettledResult<Loaded>[]>,
      Promise<PromiseSettledResult<Readonly<ParameterResult>>[]>,
    ];
    try {
      loads = [
        this.#loadMany([...secrets.values()], options),
        this.#parameters.loadMany([...parameters.values()], options),
      ];
    } finally {
      this.#parameters.uncork();
    }
    const [secretOutcomes, parameterOutcomes] = await Promise.all(loads);
    const keys = [...secrets.keys(), ...parameters.keys()];
    const outcomes = [...secretOutcomes, ...parameterOutcomes];
    return new Map(keys.map((key, index) => [key, outcomes[index]!]));
  }

  /** One reference's value in a connection, from its loaded secret or parameter. */
  #lookedUp(entry: ConnectionReference, loaded: Loaded | Readonly<ParameterResult>): LookedUp {
    if (entry.kind === 'parameter') {
      const parameter = loaded as Readonly<ParameterResult>;
      return {
        value: entry.asList ? parameter.Value.split(',') : parameter.Value,
        stale: parameter.stale,
        secret: parameter.Type === 'SecureString',
      };
    }
    const secret = loaded as Loaded;
    return { value: this.#valueOf(entry.reference, secret), stale: secret.stale, secret: true };
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

/** One key per distinct value a connection needs: a secret version, or a parameter selector. */
const referenceKey = (entry: ConnectionReference): string =>
  entry.kind === 'secret'
    ? `s\n${entry.reference.secretId}\n${entry.reference.versionId ?? ''}\n${entry.reference.versionStage ?? ''}`
    : `p\n${formatParameterReference(entry.reference)}`;

const describeParameterRef = (ref: ParameterRef): string =>
  typeof ref === 'string'
    ? ref
    : typeof ref === 'object' && ref !== null
      ? String(ref.parameterId)
      : String(ref);

const describeRef = (ref: SecretRef): string =>
  typeof ref === 'string'
    ? ref
    : typeof ref === 'object' && ref !== null
      ? String(ref.secretId)
      : String(ref);
