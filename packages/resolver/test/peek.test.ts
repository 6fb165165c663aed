import { describe, expect, it } from 'vitest';
import {
  CANARY,
  recorder,
  resolverFor,
  smCalls,
  testClock,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

describe('peekSecret', () => {
  it('answers a fresh cached version synchronously, the same object getSecret gives', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), { options: { metrics: rec.metrics } });
    expect(resolver.peekSecret('app/plain')).toBeUndefined();
    expect(rec.count('miss') + rec.count('hit')).toBe(0);
    const fetched = await resolver.getSecret('app/plain');
    const peeked = resolver.peekSecret('app/plain');
    expect(peeked).toBe(fetched);
    expect(peeked).toMatchObject({ SecretString: CANARY.plain, stale: false });
    expect([rec.count('miss'), rec.count('hit')]).toEqual([1, 1]);
    // The ARN and a JSON-key reference name the same cached version.
    expect(resolver.peekSecret(fetched.ARN)).toBe(fetched);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });
  });

  it('keeps versions apart: another stage is not the cached AWSCURRENT', async () => {
    await using resolver = await resolverFor(emulator());
    await resolver.getSecret('prod/db');
    expect(resolver.peekSecret('prod/db', { versionStage: 'AWSPREVIOUS' })).toBeUndefined();
    expect(resolver.peekSecret('prod/db', { versionStage: 'AWSCURRENT' })).toBeDefined();
  });

  it('gives nothing once the TTL is over, nor while AWS fails and stale values are served', async () => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60, maxStaleSeconds: 600 },
      options: { now: clock.now, metrics: rec.metrics, ttlJitter: 0 },
    });
    await resolver.getSecret('app/plain');
    clock.advance(59);
    expect(resolver.peekSecret('app/plain')).toBeDefined();
    clock.advance(1);
    expect(resolver.peekSecret('app/plain')).toBeUndefined();
    await emulator().control.setFault('*', { internalErrorProbability: 1 });
    expect((await resolver.getSecret('app/plain')).stale).toBe(true);
    // Stale serving, its retry pacing and its metrics stay on getSecret's path.
    expect(resolver.peekSecret('app/plain')).toBeUndefined();
    expect(rec.count('stale')).toBe(1);
  });

  it('gives nothing for an invalid reference, a forgotten secret or a closed resolver, and counts no error', async () => {
    const rec = recorder();
    const resolver = await resolverFor(emulator(), { options: { metrics: rec.metrics } });
    expect(resolver.peekSecret('bad name!')).toBeUndefined();
    expect(rec.count('error')).toBe(0);
    await resolver.getSecret('app/plain');
    resolver.invalidate('app/plain');
    expect(resolver.peekSecret('app/plain')).toBeUndefined();
    await resolver.getSecret('app/plain');
    await resolver.close();
    expect(resolver.peekSecret('app/plain')).toBeUndefined();
  });
});
