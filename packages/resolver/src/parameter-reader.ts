import type { SSMClient } from '@aws-sdk/client-ssm';
import { formatParameterReference, type ParameterReference } from '@vaultline/secret-names';
import type { AwsErrorContext } from './aws-errors.js';
import { toResolverError } from './aws-errors.js';
import { ParameterCache, type ParameterSelector, type SecretCacheOptions } from './cache.js';
import { type CachedSubject, type CachePolicy, readCached, serveStale } from './cache-policy.js';
import type { ResolverError, ResolverErrorCode } from './errors.js';
import type { Instruments } from './metrics.js';
import {
  isParameterCrossAccount,
  normalizeParameterReference,
  type ParameterRef,
  parameterArnOf,
  type VaultLocation,
} from './normalize-reference.js';
import { ParameterFetcher } from './parameter-fetcher.js';
import type { GetParameterOptions, ParameterResult, ParameterValue } from './types.js';

/** Failures after which a cached parameter must not be served again, even stale. */
const FORGETTING_CODES: ReadonlySet<ResolverErrorCode> = new Set([
  'PARAMETER_NOT_FOUND',
  'PARAMETER_VERSION_NOT_FOUND',
  'ACCESS_DENIED',
  'KMS_ACCESS_DENIED',
]);

export interface ParameterReaderOptions {
  client: SSMClient;
  vault: VaultLocation & { endpoint?: string | undefined };
  cache: SecretCacheOptions;
  policy: CachePolicy;
  batchWindowMs: number;
  maxBatchesInFlight?: number | undefined;
}

type Loaded = Readonly<ParameterResult>;

/**
 * Parameter Store reads of a resolver: the cache (TTL, maxEntries, stale on error) and the
 * batching fetcher, with the same policy and instruments as secrets.
 */
export class ParameterReader {
  readonly #options: ParameterReaderOptions;
  readonly #cache: ParameterCache;
  readonly #fetcher: ParameterFetcher;
  readonly #instruments: Instruments;

  constructor(options: ParameterReaderOptions) {
    this.#options = options;
    this.#instruments = options.policy.instruments;
    this.#cache = new ParameterCache(options.cache);
    this.#fetcher = new ParameterFetcher({
      client: options.client,
      instruments: this.#instruments,
      batchWindowMs: options.batchWindowMs,
      maxBatchesInFlight: options.maxBatchesInFlight,
      contextFor: (reference) => this.#contextFor(reference),
    });
  }

  /** Parses and checks a reference; counts and throws INVALID_REFERENCE or REGION_MISMATCH. */
  reference(ref: ParameterRef): ParameterReference {
    try {
      return normalizeParameterReference(ref, this.#options.vault);
    } catch (error) {
      const resolverError = toResolverError(error);
      this.#instruments.error(resolverError.code, undefined);
      throw resolverError;
    }
  }

  /** The fresh cached version, or undefined (nothing counted then). */
  peek(reference: ParameterReference, withDecryption: boolean): Loaded | undefined {
    const entry = this.#cache.get(reference.parameterId, selectorOf(reference, withDecryption));
    if (entry === undefined || !this.#cache.isFresh(entry, this.#options.policy.now())) {
      return undefined;
    }
    this.#instruments.hit(reference.parameterId);
    return entry.value;
  }

  /**
   * One parameter version: from the cache when fresh, else from AWS, else (AWS failing) the
   * last value while within maxStaleSeconds. The request joins the batch synchronously.
   */
  load(reference: ParameterReference, options: GetParameterOptions = {}): Promise<Loaded> {
    const withDecryption = options.withDecryption ?? true;
    const selector = selectorOf(reference, withDecryption);
    const subject = subjectOf(reference);
    if (!options.refreshNow) {
      const entry = this.#cache.get(reference.parameterId, selector);
      const cached = readCached(entry, this.#cache, subject, this.#options.policy);
      if (cached) return Promise.resolve(cached);
    }
    this.#instruments.miss(subject.id);
    const fetched = this.#fetcher.fetch({ reference, withDecryption });
    return this.#afterFetch(reference, selector, fetched, options);
  }

  /** Loads many references in as few GetParameters calls as possible. */
  loadMany(
    references: ParameterReference[],
    options: GetParameterOptions = {},
  ): Promise<PromiseSettledResult<Loaded>[]> {
    this.#fetcher.cork();
    let loads: Promise<Loaded>[];
    try {
      loads = references.map((reference) => this.load(reference, options));
    } finally {
      this.#fetcher.uncork();
    }
    return Promise.allSettled(loads);
  }

  /** Holds GetParameters calls (to start them together with secret batches). */
  cork(): void {
    this.#fetcher.cork();
  }

  uncork(): void {
    this.#fetcher.uncork();
  }

  /** Forgets one parameter (every version and selector) or every parameter. */
  invalidate(reference?: ParameterReference): void {
    this.#cache.delete(reference?.parameterId);
  }

  close(): void {
    this.#fetcher.close();
    this.#cache.delete();
  }

  async #afterFetch(
    reference: ParameterReference,
    selector: ParameterSelector,
    fetched: Promise<ParameterValue>,
    options: GetParameterOptions,
  ): Promise<Loaded> {
    const subject = subjectOf(reference);
    try {
      const value = await fetched;
      const previous = this.#cache.get(reference.parameterId, selector);
      const entry = this.#cache.set(reference.parameterId, selector, value);
      if (previous && previous.value.Version !== value.Version) {
        this.#instruments.log(
          'info',
          {
            parameter: subject.id,
            version: value.Version,
            previousVersion: previous.value.Version,
          },
          'a new version of the parameter replaced the cached one',
        );
      }
      return entry.value;
    } catch (caught) {
      const error = toResolverError(caught);
      if (options.refreshNow && options.onRefreshFailure === 'throw') {
        this.#instruments.error(error.code, subject.id);
        throw error;
      }
      const entry = this.#cache.get(reference.parameterId, selector);
      const served = serveStale(entry, this.#cache, subject, error, this.#options.policy);
      if (served) return served;
      if (FORGETTING_CODES.has(error.code)) this.#cache.delete(reference.parameterId);
      this.#instruments.error(error.code, subject.id);
      throw error satisfies ResolverError;
    }
  }

  #contextFor(reference: ParameterReference): AwsErrorContext {
    const { vault } = this.#options;
    return {
      parameterId: formatParameterReference(reference),
      parameterName: reference.parameterId,
      parameterArn: parameterArnOf(reference, vault),
      crossAccount: isParameterCrossAccount(reference, vault),
      region: vault.region,
      endpoint: vault.endpoint,
    };
  }
}

const selectorOf = (reference: ParameterReference, withDecryption: boolean): ParameterSelector => ({
  selector:
    reference.version !== undefined
      ? `:${reference.version}`
      : reference.label !== undefined
        ? `:${reference.label}`
        : undefined,
  withDecryption,
});

/** Cache entries, labels and messages name the parameter without its selector. */
const subjectOf = (reference: ParameterReference): CachedSubject => ({
  id: reference.parameterId,
  noun: 'parameter',
  service: 'Parameter Store',
});
