import type { VaultlineConfig } from '@vaultline/config';
import { describe, expect, it } from 'vitest';
import { BULK_COUNT, bulkName } from './fixtures.js';
import { recorder, resolverFor, smCalls, testClock, useResolverEmulator } from './helpers.js';

const emulator = useResolverEmulator({
  beforeEach: async (emu) => {
    await emu.control.resetCounters();
    await emu.control.clearFaults();
  },
});

/** 200 connections over 100 distinct secrets: each secret is used by two connections. */
function twoHundredConnections(): VaultlineConfig['connections'] {
  const connections: VaultlineConfig['connections'] = {};
  for (let i = 0; i < 200; i += 1) {
    const secret = bulkName(i % BULK_COUNT);
    connections[`conn-${i}`] = {
      host: `db-${i}.internal`,
      port: 5432,
      user: { secret: `${secret}:user` },
      password: { secret: `${secret}:password` },
      url: `postgres://\${secret:${secret}:user}@db-${i}.internal/app`,
    };
  }
  return connections;
}

describe('API-call budget', () => {
  it('resolves 200 connections over 100 secrets with 5 BatchGetSecretValue calls, then none within TTL', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      connections: twoHundredConnections(),
      options: { now: clock.now },
    });
    const all = await resolver.resolveAll();
    expect(Object.keys(all)).toHaveLength(200);
    expect(all['conn-7']).toEqual({
      name: 'conn-7',
      stale: false,
      values: {
        host: 'db-7.internal',
        port: 5432,
        user: 'u7',
        password: 'canary-bulk-7',
        url: 'postgres://u7@db-7.internal/app',
      },
      secretValues: [
        { property: 'user', value: 'u7' },
        { property: 'password', value: 'canary-bulk-7' },
        { property: 'url', value: 'u7' },
      ],
    });
    expect(all['conn-107']!.values.password).toBe('canary-bulk-7');
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 5 });

    await emulator().control.resetCounters();
    clock.advance(299);
    await resolver.resolveAll();
    for (let i = 0; i < 200; i += 1) await resolver.resolveConnection(`conn-${i}`);
    expect(await smCalls(emulator())).toEqual({});
  });

  it('batches distinct getValue calls made together, at most 20 ids a call', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), { options: { metrics: rec.metrics } });
    const refs = Array.from({ length: 45 }, (_, i) => `${bulkName(i)}:user`);
    const values = await Promise.all(refs.map((ref) => resolver.getValue(ref)));
    expect(values[44]).toBe('u44');
    const calls = await smCalls(emulator());
    // 20 + 20 + 5: the last five may go as one batch.
    expect(calls.BatchGetSecretValue).toBe(3);
    expect(calls.GetSecretValue).toBeUndefined();
    const sizes = rec.events
      .filter((e) => e.startsWith('api BatchGetSecretValue'))
      .map((e) => JSON.parse(e.slice(e.indexOf('{'))).secrets);
    expect(sizes.sort((a, b) => b - a)).toEqual([20, 20, 5]);
  });

  it('shares one call among identical requests in flight', async () => {
    await emulator().control.setFault('secretsmanager:GetSecretValue', { latencyMs: 50 });
    await using resolver = await resolverFor(emulator());
    const values = await Promise.all(
      Array.from({ length: 10 }, () => resolver.getValue('prod/db:username')),
    );
    expect(new Set(values)).toEqual(new Set(['app']));
    // Ten refreshNow calls while one is in flight also join it.
    await Promise.all(
      Array.from({ length: 10 }, () => resolver.getSecret('app/plain', { refreshNow: true })),
    );
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2 });
    // AWSCURRENT named explicitly is the same version as the default.
    await Promise.all([
      resolver.getSecret('app/binary'),
      resolver.getSecret('app/binary', { versionStage: 'AWSCURRENT' }),
    ]);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 3 });
  });

  it('gathers requests over batchWindowMs', async () => {
    await using resolver = await resolverFor(emulator(), { options: { batchWindowMs: 20 } });
    const first = resolver.getValue(`${bulkName(0)}:user`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = resolver.getValue(`${bulkName(1)}:user`);
    expect(await Promise.all([first, second])).toEqual(['u0', 'u1']);
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 1 });
  });
});

describe('a policy that allows GetSecretValue but not BatchGetSecretValue', () => {
  it('falls back to GetSecretValue per secret, and remembers', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      user: 'get-only',
      options: { logger: rec.logger },
    });
    const first = await Promise.all([0, 1, 2].map((i) => resolver.getValue(`${bulkName(i)}:user`)));
    expect(first).toEqual(['u0', 'u1', 'u2']);
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 3 });
    expect(rec.logs.join('\n')).toMatch(/BatchGetSecretValue was denied/);

    await emulator().control.resetCounters();
    await Promise.all([3, 4, 5].map((i) => resolver.getValue(`${bulkName(i)}:user`)));
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 3 });
  });
});
