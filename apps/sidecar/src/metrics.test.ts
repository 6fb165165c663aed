import { describe, expect, it } from 'vitest';
import { createSidecarMetrics } from './metrics.js';

/** The value of one series line of the Prometheus text, or undefined when absent. */
function series(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('sidecar metrics', () => {
  it('exposes requests by route and status and a cumulative latency histogram', async () => {
    const metrics = createSidecarMetrics({ processMetrics: false });
    metrics.observeRequest('query', 200, 0.0004);
    metrics.observeRequest('query', 200, 0.003);
    metrics.observeRequest('query', 404, 20);
    metrics.observeRequest('path', 200, 0.0005);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE vaultline_sidecar_request_duration_seconds histogram');
    expect(text).toContain('# TYPE vaultline_sidecar_requests_total counter');
    expect(series(text, 'vaultline_sidecar_requests_total{route="query",status="200"}')).toBe(2);
    expect(series(text, 'vaultline_sidecar_requests_total{route="query",status="404"}')).toBe(1);
    expect(series(text, 'vaultline_sidecar_requests_total{route="path",status="200"}')).toBe(1);
    const bucket = (le: string, route = 'query') =>
      series(
        text,
        `vaultline_sidecar_request_duration_seconds_bucket{le="${le}",route="${route}"}`,
      );
    expect([
      bucket('0.0005'),
      bucket('0.0025'),
      bucket('0.005'),
      bucket('10'),
      bucket('+Inf'),
    ]).toEqual([1, 1, 2, 2, 3]);
    // A value equal to a bound falls in that bound's bucket (le: less than or equal).
    expect(bucket('0.0005', 'path')).toBe(1);
    expect(series(text, 'vaultline_sidecar_request_duration_seconds_count{route="query"}')).toBe(3);
    expect(
      series(text, 'vaultline_sidecar_request_duration_seconds_sum{route="query"}'),
    ).toBeCloseTo(20.0034, 6);
  });

  it('counts each request and cache hit once, however often /metrics is read', async () => {
    const metrics = createSidecarMetrics({ processMetrics: false });
    metrics.observeRequest('query', 200, 0.001);
    metrics.resolverHooks.onHit({});
    metrics.resolverHooks.onMiss({});
    await metrics.registry.metrics();
    metrics.observeRequest('query', 200, 0.001);
    metrics.resolverHooks.onHit({});
    const text = await metrics.registry.metrics();
    const again = await metrics.registry.metrics();
    expect(again).toBe(text);
    expect(series(text, 'vaultline_sidecar_requests_total{route="query",status="200"}')).toBe(2);
    expect(series(text, 'vaultline_sidecar_cache_hits_total')).toBe(2);
    expect(series(text, 'vaultline_sidecar_cache_misses_total')).toBe(1);
    expect(series(text, 'vaultline_sidecar_request_duration_seconds_count{route="query"}')).toBe(2);
  });

  it('labels hits with secret names only when asked to', async () => {
    const named = createSidecarMetrics({ processMetrics: false, secretNameLabels: true });
    named.resolverHooks.onHit({ secret: 'prod/db' });
    expect(await named.registry.metrics()).toContain(
      'vaultline_sidecar_cache_hits_total{secret="prod/db"} 1',
    );
    const plain = createSidecarMetrics({ processMetrics: false });
    plain.resolverHooks.onHit({ secret: 'prod/db' });
    expect(await plain.registry.metrics()).not.toContain('prod/db');
  });

  it('reports as JSON too, and resets', async () => {
    const metrics = createSidecarMetrics({ processMetrics: false });
    metrics.observeRequest('query', 200, 0.001);
    const json = await metrics.registry.getMetricsAsJSON();
    const histogram = json.find((m) => m.name === 'vaultline_sidecar_request_duration_seconds');
    expect(histogram?.type).toBe('histogram');
    metrics.registry.resetMetrics();
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('vaultline_sidecar_request_duration_seconds_count{route="query"}');
  });
});
