import type { ResolverErrorCode } from './errors.js';

/** The Secrets Manager and Parameter Store actions the resolver calls. */
export type ApiAction =
  | 'BatchGetSecretValue'
  | 'GetSecretValue'
  | 'DescribeSecret'
  | 'GetParameters'
  | 'GetParameter';

/**
 * Labels passed to metric hooks. `secret` is set only with `metricLabelsWithNames`; for a
 * parameter it holds the parameter reference (hooks are shared by secrets and parameters).
 */
export interface MetricLabels {
  secret?: string;
}

/** What one API call did, for counters and latency histograms. */
export interface ApiCallInfo {
  durationMs: number;
  ok: boolean;
  /** How many secrets (or parameters, for GetParameters) the call asked for (1 for GetSecretValue). */
  secrets: number;
}

/**
 * Hooks for counters. None receives a secret value; secret names only when the resolver
 * was created with `metricLabelsWithNames: true`. A hook that throws is ignored.
 *
 * @example
 * const metrics: ResolverMetrics = {
 *   onHit: () => hits.inc(),
 *   onApiCall: (action, info) => calls.inc({ action, ok: String(info.ok) }),
 * };
 */
export interface ResolverMetrics {
  /** A value served fresh from the cache. */
  onHit?(labels: MetricLabels): void;
  /** A value not in the cache (or expired, or refreshNow): AWS will be asked. */
  onMiss?(labels: MetricLabels): void;
  /** A value past its TTL served because AWS failed. */
  onStale?(labels: MetricLabels): void;
  /** One call to Secrets Manager or Parameter Store completed (SDK retries inside it are not counted apart). */
  onApiCall?(action: ApiAction, info: ApiCallInfo): void;
  /** A resolution failed with this code. */
  onError?(code: ResolverErrorCode, labels: MetricLabels): void;
}

/** A pino-compatible logger, or any object with these methods. Never given a value. */
export interface ResolverLogger {
  debug?(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
  warn?(fields: Record<string, unknown>, message: string): void;
}

type Hook = keyof ResolverMetrics;

/** The labels without names: one shared object, so a cache hit allocates none. */
const NO_LABELS: MetricLabels = Object.freeze({});

/** Calls metric hooks and the logger so that neither can break a resolution. */
export class Instruments {
  readonly #metrics: ResolverMetrics;
  readonly #logger: ResolverLogger;
  readonly #withNames: boolean;

  constructor(metrics: ResolverMetrics = {}, logger: ResolverLogger = {}, withNames = false) {
    this.#metrics = metrics;
    this.#logger = logger;
    this.#withNames = withNames;
  }

  labels(secretId: string): MetricLabels {
    return this.#withNames ? { secret: secretId } : NO_LABELS;
  }

  hit(secretId: string): void {
    this.#callWithLabels('onHit', this.labels(secretId));
  }

  miss(secretId: string): void {
    this.#callWithLabels('onMiss', this.labels(secretId));
  }

  stale(secretId: string): void {
    this.#callWithLabels('onStale', this.labels(secretId));
  }

  error(code: ResolverErrorCode, secretId: string | undefined): void {
    this.#call('onError', code, secretId === undefined ? {} : this.labels(secretId));
  }

  apiCall(action: ApiAction, info: ApiCallInfo): void {
    this.#call('onApiCall', action, info);
  }

  log(level: keyof ResolverLogger, fields: Record<string, unknown>, message: string): void {
    try {
      this.#logger[level]?.(fields, message);
    } catch {
      // A broken logger must not fail a resolution.
    }
  }

  /** #call for the one-argument hooks, without a rest array: these run on every cache hit. */
  #callWithLabels(hook: 'onHit' | 'onMiss' | 'onStale', labels: MetricLabels): void {
    const fn = this.#metrics[hook];
    if (!fn) return;
    try {
      fn.call(this.#metrics, labels);
    } catch {
      // A broken metrics hook must not fail a resolution.
    }
  }

  #call(hook: Hook, ...args: unknown[]): void {
    const fn = this.#metrics[hook] as ((...a: unknown[]) => void) | undefined;
    if (!fn) return;
    try {
      fn.apply(this.#metrics, args);
    } catch {
      // A broken metrics hook must not fail a resolution.
    }
  }
}
