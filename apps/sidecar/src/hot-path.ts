// ---------------------------------------------------------------------------------------
// The sidecar's performance code, fenced in one module. Each piece replaces a plain form,
// named in its comment with the CPU per cache hit it saves (bench/sidecar.mjs, one piece at
// a time put back to its plain form against this build; the runs are in bench/README.md,
// "sidecar"). Together they keep a cache hit within 3 % of the CPU it cost before this
// module was fenced; everything outside it is written plainly. Change a piece only with the
// benchmark run before and after (`--compare <the other build's dist/bin.js>`).
// ---------------------------------------------------------------------------------------
import type { ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { Counter, type CounterConfiguration, type Histogram, type Registry } from 'prom-client';
import { allowsSecret, type Grant } from './auth/scopes.js';
import type { HandlerContext } from './context.js';
import type { HttpFailure } from './error-table.js';
import { isFailure, type SecretQuery } from './query.js';
import { answerSecret, versionOf } from './routes/compat.js';
import { serializeSecret } from './secret-body.js';
import type { SecretValueResult } from './source.js';

// --- 1. Cache hits answered in the same turn ---------------------------------------------

/**
 * Answers a secret request from the resolver's cache without a promise, when the resolver
 * holds a fresh value (`peekSecret`); undefined when the request must go the plain way
 * (`serveSecret`: scope refusals, misses, refreshNow, stale values, errors).
 *
 * Plain form: `serveSecret` for every request, which awaits `getSecret` under a timer.
 * Buys: about 12 % of the CPU per cache hit (a timer set and cleared, a race of promises,
 * an async function and a microtask per request, and the young-generation collections of
 * what they allocate).
 *
 * @example
 * const status = answerCacheHit(ctx, res, grant, query);
 * if (status === undefined) await serveSecret(ctx, req, res, grant, query);
 */
export function answerCacheHit(
  ctx: HandlerContext,
  res: ServerResponse,
  grant: Grant,
  query: SecretQuery,
): number | undefined {
  if (query.refreshNow === true || query.roleArn !== undefined) return undefined;
  if (!allowsSecret(grant, query.secretId)) return undefined;
  const cached = ctx.source.peekSecret?.(query.secretId, versionOf(query));
  return cached === undefined ? undefined : answerSecret(ctx, res, grant, query, cached);
}

// --- 2. Parsed request URLs kept ---------------------------------------------------------

/** URLs longer than this are parsed every time: rare, and they would crowd out the rest. */
const MAX_MEMO_KEY_LENGTH = 512;

/**
 * A request parser that parses each recently seen text once (callers of a sidecar ask for
 * the same few URLs all day). Results are frozen and shared; failures are not kept (they are
 * cheap, and garbage URLs must not push out good ones).
 *
 * Plain form: `parseQueryStyle` / `parsePathStyle` per request. Buys: about 5 % of the CPU
 * per cache hit (URLSearchParams and percent-decoding, and the objects they leave to the
 * young generation's collections).
 *
 * @example
 * const parse = memoizeParse(parseQueryStyle);
 * parse('secretId=prod%2Fdb') === parse('secretId=prod%2Fdb'); // true
 */
export function memoizeParse(
  parse: (text: string) => SecretQuery | HttpFailure,
  max = 256,
): (text: string) => Readonly<SecretQuery> | HttpFailure {
  const memo = new LRUCache<string, Readonly<SecretQuery>>({ max });
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined) return known;
    const parsed = parse(text);
    if (isFailure(parsed) || text.length > MAX_MEMO_KEY_LENGTH) return parsed;
    memo.set(text, Object.freeze(parsed));
    return parsed;
  };
}

// --- 3. Ready response bodies ------------------------------------------------------------

/** The serialized answers of one sidecar's cached secrets. */
export interface ResponseBodies {
  /** The agent's JSON body of a secret, ready to write. */
  of(secret: SecretValueResult): Buffer | string;
  /** Forgets every body (the sidecar's `close()`). */
  clear(): void;
}

/** Marks a result served once: its body is kept from its second read on. */
const SERVED_ONCE = 0;

/**
 * Ready bodies, kept with the resolver's cached result they were made from.
 *
 * Plain form: `serializeSecret` per request. Buys: about 30 % of the CPU per cache hit with
 * the bench's 4 KiB secret (JSON.stringify escapes every character of the value, and the
 * text is encoded again for the socket).
 *
 * Why this shape: the resolver hands out one frozen result object per cached version (a new
 * version, a stale answer, `invalidate()` or eviction gives another object), so a WeakMap
 * keyed by it keeps a body exactly as long as the resolver keeps that version: there is no
 * second cache of secrets to bound or to clear, and nothing outlives the resolver's entry.
 * A result is only given a body on its second read, so secrets read once (a start-up read
 * of every secret) cost no second copy. Objects that are not frozen (a `source` other than
 * the resolver) could change under the key and are serialized every time.
 *
 * @example
 * const bodies = createResponseBodies();
 * sendBody(res, state, 200, bodies.of(await resolver.getSecret('prod/db')));
 */
export function createResponseBodies(): ResponseBodies {
  let bodies = new WeakMap<SecretValueResult, Buffer | typeof SERVED_ONCE>();
  return {
    of(secret) {
      const known = bodies.get(secret);
      if (known !== undefined && known !== SERVED_ONCE) return known;
      if (!Object.isFrozen(secret)) return serializeSecret(secret);
      if (known === undefined) {
        bodies.set(secret, SERVED_ONCE);
        return serializeSecret(secret);
      }
      const body = Buffer.from(serializeSecret(secret));
      bodies.set(secret, body);
      return body;
    },
    clear() {
      bodies = new WeakMap();
    },
  };
}

// --- 4. Request metrics counted in plain numbers, read by prom-client when scraped -------

/** Latency samples of one route: per bucket (not cumulative; the last is above every bound). */
interface RouteLatency {
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * The request latency histogram by route: `record()` adds a sample to plain per-route
 * bucket counts, and the registry reads them when /metrics is scraped, in prom-client's
 * exposition of a histogram (cumulative `_bucket{le}` series, `+Inf`, `_sum`, `_count`).
 *
 * Plain form: prom-client's Histogram with these buckets, `observe` per request. Buys:
 * about 3-6 % of the CPU per cache hit: its `observe` builds a label hash, a closure and two
 * objects per call, and it has no way to take samples counted elsewhere, so this is a metric
 * object of its own in the shape the registry reads.
 *
 * @example
 * const latency = createTalliedHistogram(registry, { name, help, buckets: [0.001, 0.01] });
 * latency.record('query', 0.0004);
 */
export function createTalliedHistogram(
  registry: Registry,
  options: { name: string; help: string; buckets: readonly number[] },
): { record: (route: string, seconds: number) => void } {
  const { name, help, buckets: bounds } = options;
  const routes = new Map<string, RouteLatency>();
  const series = () =>
    [...routes].flatMap(([route, latency]) => {
      let cumulative = 0;
      return [
        ...bounds.map((bound, index) => {
          cumulative += latency.buckets[index] as number;
          return { labels: { le: bound, route }, value: cumulative, metricName: `${name}_bucket` };
        }),
        { labels: { le: '+Inf', route }, value: latency.count, metricName: `${name}_bucket` },
        { labels: { route }, value: latency.sum, metricName: `${name}_sum` },
        { labels: { route }, value: latency.count, metricName: `${name}_count` },
      ];
    });
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: series() }),
    reset: () => routes.clear(),
  };
  // The registry takes any object of this shape; its types list only prom-client's classes.
  registry.registerMetric(metric as unknown as Histogram);
  return {
    record(route, seconds) {
      let latency = routes.get(route);
      if (latency === undefined) {
        latency = { buckets: new Float64Array(bounds.length + 1), sum: 0, count: 0 };
        routes.set(route, latency);
      }
      let bucket = 0;
      while (bucket < bounds.length && seconds > (bounds[bucket] as number)) bucket += 1;
      latency.buckets[bucket] = (latency.buckets[bucket] as number) + 1;
      latency.sum += seconds;
      latency.count += 1;
    },
  };
}

/**
 * A prom-client Counter fed when /metrics is read: `add()` bumps a plain number per
 * request, and the counter's own `collect` hook adds it then.
 *
 * Plain form: the Counter's `inc` per request. Buys (with {@link requestCounterFedOnScrape}):
 * about 1 % of the CPU per cache hit (`inc` builds a label hash and label objects per call).
 *
 * @example
 * const hits = counterFedOnScrape({ name: 'hits_total', help: 'Hits', registers: [registry] });
 * hits.add();
 */
export function counterFedOnScrape(config: CounterConfiguration<string>): {
  counter: Counter;
  add: () => void;
} {
  let pending = 0;
  const counter = new Counter({
    ...config,
    collect() {
      if (pending === 0) return;
      this.inc(pending);
      pending = 0;
    },
  });
  return {
    counter,
    add: () => {
      pending += 1;
    },
  };
}

/**
 * The requests counter by route and status, fed when /metrics is read (as
 * {@link counterFedOnScrape}): counts per route and status in plain maps meanwhile.
 *
 * @example
 * const requests = requestCounterFedOnScrape({ name, help, registers: [registry] });
 * requests.add('query', 200);
 */
export function requestCounterFedOnScrape(
  config: Omit<CounterConfiguration<'route' | 'status'>, 'labelNames' | 'collect'>,
): { counter: Counter<'route' | 'status'>; add: (route: string, status: number) => void } {
  const pending = new Map<string, Map<number, number>>();
  const counter = new Counter({
    ...config,
    labelNames: ['route', 'status'],
    collect() {
      for (const [route, byStatus] of pending) {
        for (const [status, count] of byStatus) this.inc({ route, status: String(status) }, count);
        byStatus.clear();
      }
    },
  });
  return {
    counter,
    add(route, status) {
      let byStatus = pending.get(route);
      if (byStatus === undefined) {
        byStatus = new Map();
        pending.set(route, byStatus);
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    },
  };
}
