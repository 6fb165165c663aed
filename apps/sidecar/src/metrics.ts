import type { ResolverMetrics } from '@vaultline/resolver/core';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import {
  counterFedOnScrape,
  createTalliedHistogram,
  requestCounterFedOnScrape,
} from './hot-path.js';

/** The sidecar's Prometheus metrics and the functions that feed them. */
export interface SidecarMetrics {
  registry: Registry;
  resolverHooks: Required<ResolverMetrics>;
  /** Records one answered request: route kind, status and duration in seconds. */
  observeRequest(route: string, status: number, seconds: number): void;
  staleServed(): void;
  tokenRejected(reason: 'missing' | 'wrong' | 'scope'): void;
  connectionOpened(): void;
  connectionClosed(): void;
}

/** Options of {@link createSidecarMetrics}. */
export interface SidecarMetricsOptions {
  /** Label cache counters with secret names. Off by default: names never appear. */
  secretNameLabels?: boolean;
  /** Also collect Node.js process metrics (memory, event loop lag). */
  processMetrics?: boolean;
}

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates a registry of its own (so several sidecars can live in one process) with hits,
 * misses, stale values served, upstream calls by action and errors by code, a latency
 * histogram by route, token refusals and open connections. No secret name is a label unless
 * `secretNameLabels` is set.
 *
 * @example
 * const metrics = createSidecarMetrics();
 * const text = await metrics.registry.metrics();
 */
export function createSidecarMetrics(options: SidecarMetricsOptions = {}): SidecarMetrics {
  const registry = new Registry();
  const byName = options.secretNameLabels === true;
  const secretLabels = byName ? ['secret'] : [];
  // Bumped on every request: counted in plain numbers until /metrics is read (hot-path.ts).
  const hits = counterFedOnScrape({
    name: 'vaultline_sidecar_cache_hits_total',
    help: 'Secret reads answered from the cache',
    labelNames: secretLabels,
    registers: [registry],
  });
  const misses = counterFedOnScrape({
    name: 'vaultline_sidecar_cache_misses_total',
    help: 'Secret reads that had to call AWS',
    labelNames: secretLabels,
    registers: [registry],
  });
  const stale = new Counter({
    name: 'vaultline_sidecar_stale_served_total',
    help: 'Responses served from a stale cached value because AWS failed',
    registers: [registry],
  });
  const resolverStale = new Counter({
    name: 'vaultline_sidecar_resolver_stale_total',
    help: 'Stale values the resolver handed out (includes connections)',
    labelNames: secretLabels,
    registers: [registry],
  });
  const apiCalls = new Counter({
    name: 'vaultline_sidecar_upstream_calls_total',
    help: 'Calls to AWS by API action and outcome (ok or error, after SDK retries)',
    labelNames: ['action', 'outcome'],
    registers: [registry],
  });
  const apiErrors = new Counter({
    name: 'vaultline_sidecar_errors_total',
    help: 'Resolver failures by error code (THROTTLED, UNAVAILABLE, ACCESS_DENIED, ...)',
    labelNames: ['code'],
    registers: [registry],
  });
  const requests = requestCounterFedOnScrape({
    name: 'vaultline_sidecar_requests_total',
    help: 'HTTP requests answered, by route and status',
    registers: [registry],
  });
  const duration = createTalliedHistogram(registry, {
    name: 'vaultline_sidecar_request_duration_seconds',
    help: 'Time from request to response, by route',
    buckets: BUCKETS,
  });
  const rejected = new Counter({
    name: 'vaultline_sidecar_token_rejections_total',
    help: 'Requests refused for a missing or wrong token, or a token outside its scope',
    labelNames: ['reason'],
    registers: [registry],
  });
  const connections = new Gauge({
    name: 'vaultline_sidecar_open_connections',
    help: 'Open client connections',
    registers: [registry],
  });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  // The resolver passes names only when created with metricLabelsWithNames.
  const bySecret = (counter: Counter, labels: { secret?: string }) =>
    byName && labels.secret !== undefined ? counter.inc({ secret: labels.secret }) : counter.inc();

  return {
    registry,
    resolverHooks: {
      onHit: byName ? (labels) => bySecret(hits.counter, labels) : hits.add,
      onMiss: byName ? (labels) => bySecret(misses.counter, labels) : misses.add,
      onStale: (labels) => bySecret(resolverStale, labels),
      onApiCall: (action, info) => apiCalls.inc({ action, outcome: info.ok ? 'ok' : 'error' }),
      onError: (code) => apiErrors.inc({ code }),
    },
    observeRequest: (route, status, seconds) => {
      requests.add(route, status);
      duration.record(route, seconds);
    },
    staleServed: () => stale.inc(),
    tokenRejected: (reason) => rejected.inc({ reason }),
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
  };
}
