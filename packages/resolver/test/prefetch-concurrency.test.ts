import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { BULK_COUNT, bulkName } from './fixtures.js';
import { resolverFor, smCalls, useResolverEmulator } from './helpers.js';

const emulator = useResolverEmulator();

/** The real HTTP handler, counting how many requests it has open at once. */
function countingHandler() {
  const inner = new NodeHttpHandler({ requestTimeout: 5000 });
  const seen = { open: 0, peak: 0 };
  const handler = {
    metadata: inner.metadata,
    async handle(...args: Parameters<NodeHttpHandler['handle']>) {
      seen.open += 1;
      seen.peak = Math.max(seen.peak, seen.open);
      try {
        return await inner.handle(...args);
      } finally {
        seen.open -= 1;
      }
    },
    updateHttpClientConfig: inner.updateHttpClientConfig.bind(inner),
    httpHandlerConfigs: inner.httpHandlerConfigs.bind(inner),
    destroy: () => inner.destroy(),
  };
  return { handler, seen };
}

describe('prefetch concurrency', () => {
  it.each([
    [1, 1],
    [2, 2],
    [undefined, 5],
  ])(
    'keeps at most %s batch calls in flight (peak %s) and still loads everything',
    async (limit, peak) => {
      const { handler, seen } = countingHandler();
      await emulator().control.setFault('*', { latencyMs: 30 });
      await using resolver = await resolverFor(emulator(), {
        options: {
          requestHandler: handler as never,
          ...(limit === undefined ? {} : { maxBatchesInFlight: limit }),
        },
      });
      const refs = Array.from({ length: BULK_COUNT }, (_, i) => bulkName(i));
      const result = await resolver.prefetch(refs);
      expect(result).toEqual({ loaded: BULK_COUNT, failed: [] });
      expect(seen.peak).toBe(peak);
      expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: BULK_COUNT / 20 });
    },
  );
});
