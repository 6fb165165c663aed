import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { adminClient, resolverFor, testClock, useResolverEmulator } from './helpers.js';

const emulator = useResolverEmulator();

describe('getSecret results', () => {
  it('returns the same frozen object on every hit of an unchanged entry', async () => {
    await using resolver = await resolverFor(emulator());
    const first = await resolver.getSecret('app/plain');
    const again = await resolver.getSecret('app/plain');
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.VersionStages)).toBe(true);
    expect(first.stale).toBe(false);
    expect(() => {
      (first as { stale: boolean }).stale = true;
    }).toThrow(TypeError);
  });

  it('hands out one stale object per entry while serving stale, without touching the fresh one', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60, maxStaleSeconds: 600 },
      options: { now: clock.now, staleRetryMs: 5000 },
    });
    const fresh = await resolver.getSecret('app/plain');
    await emulator().control.setFault('*', { internalErrorProbability: 1 });
    clock.advance(61);
    const stale = await resolver.getSecret('app/plain');
    const staleAgain = await resolver.getSecret('app/plain');
    expect(stale.stale).toBe(true);
    expect(staleAgain).toBe(stale);
    expect(stale).not.toBe(fresh);
    expect(fresh.stale).toBe(false);
    // The secret itself is shared, not copied.
    expect(stale.SecretString).toBe(fresh.SecretString);
    expect(stale.VersionStages).toBe(fresh.VersionStages);
  });

  it('returns a new object once a refresh finds a new version', async () => {
    await using resolver = await resolverFor(emulator());
    const before = await resolver.getSecret('app/plain');
    const client = await adminClient(emulator());
    try {
      await client.send(new PutSecretValueCommand({ SecretId: 'app/plain', SecretString: 'v2' }));
    } finally {
      client.destroy();
    }
    const after = await resolver.getSecret('app/plain', { refreshNow: true });
    expect(after).not.toBe(before);
    expect(after.VersionId).not.toBe(before.VersionId);
    expect(await resolver.getSecret('app/plain')).toBe(after);
  });
});
