import { parseConfig } from '@vaultline/config';
import { describe, expect, it } from 'vitest';
import { createResolver } from '../src/index.js';
import { ACCOUNT, REGION } from './fixtures.js';
import {
  CANARY,
  rejection,
  resolverFor,
  smCalls,
  testClock,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

/** vaultline's `${secret:<reference>}` placeholder. */
const placeholder = (ref: string) => `\${secret:${ref}}`;

const connections = {
  orders: {
    host: 'orders.db.internal',
    port: 5432,
    ssl: true,
    username: { secret: 'prod/db:username' },
    password: { secret: 'prod/db:password' },
    jdbcUrl: `jdbc:postgresql://orders.db.internal:${placeholder('prod/db:port')}/orders?user=${placeholder('prod/db:username')}`,
    apiKey: { secret: 'app/plain' },
  },
  broken: { password: { secret: 'prod/db:nope' } },
};

describe('resolveConnection', () => {
  it('replaces object references and secret placeholders in strings, keeps literals', async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    const orders = await resolver.resolveConnection('orders');
    expect(orders).toEqual({
      name: 'orders',
      stale: false,
      values: {
        host: 'orders.db.internal',
        port: 5432,
        ssl: true,
        username: 'app',
        password: CANARY.dbPassword,
        jdbcUrl: 'jdbc:postgresql://orders.db.internal:5432/orders?user=app',
        apiKey: CANARY.plain,
      },
      // One entry per reference, in property order: what a caller masks.
      secretValues: [
        { property: 'username', value: 'app' },
        { property: 'password', value: CANARY.dbPassword },
        { property: 'jdbcUrl', value: 5432 },
        { property: 'jdbcUrl', value: 'app' },
        { property: 'apiKey', value: CANARY.plain },
      ],
    });
    // Two distinct secrets, requested together: one batch call.
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 1 });
  });

  it('marks the connection stale when one of its values is', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      connections,
      options: { now: clock.now },
    });
    await resolver.resolveConnection('orders');
    await emulator().control.setFault('*', { outage: true });
    clock.advance(301);
    const orders = await resolver.resolveConnection('orders');
    expect(orders.stale).toBe(true);
    expect(orders.values.password).toBe(CANARY.dbPassword);
  });

  it('refreshes every secret of a connection in one batch call with refreshNow', async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    await resolver.resolveConnection('orders');
    await emulator().control.resetCounters();
    // Fresh in the cache: no call without refreshNow.
    await resolver.resolveConnection('orders');
    expect(await smCalls(emulator())).toEqual({});
    const refreshed = await resolver.resolveConnection('orders', { refreshNow: true });
    expect(refreshed.values.password).toBe(CANARY.dbPassword);
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 1 });
  });

  it("throws AWS's error on a failed refresh with onRefreshFailure 'throw', keeping the cache", async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    await resolver.resolveConnection('orders');
    await emulator().control.setFault('*', { internalErrorProbability: 1 });
    const refresh = { refreshNow: true, onRefreshFailure: 'throw' } as const;
    expect((await rejection(resolver.resolveConnection('orders', refresh))).code).toBe(
      'UNAVAILABLE',
    );
    // The default serves the last value, marked stale.
    expect((await resolver.resolveConnection('orders', { refreshNow: true })).stale).toBe(true);
    await emulator().control.clearFaults();
    await emulator().control.resetCounters();
    // The cached values were left alone: read without a call.
    expect((await resolver.resolveConnection('orders')).values.username).toBe('app');
    expect(await smCalls(emulator())).toEqual({});
  });

  it('names the connection and the key in a failure', async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    const error = await rejection(resolver.resolveConnection('broken'));
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toMatch(/^connection 'broken': secret 'prod\/db' has no JSON key 'nope'/);
    expect((await rejection(resolver.resolveAll())).message).toMatch(/connection 'broken'/);
  });

  it('works from a config that parseConfig produced', async () => {
    const { accessKeyId, secretAccessKey } = await emulator().credentialsOf('reader', ACCOUNT);
    const parsed = parseConfig({
      vault: {
        authType: 'access-key',
        region: REGION,
        endpoint: emulator().url,
        accessKeyId,
        secretAccessKey,
      },
      connections: { orders: connections.orders },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await using resolver = createResolver(parsed.config, { maxAttempts: 1 });
    const all = await resolver.resolveAll();
    expect(all.orders?.values.username).toBe('app');
  });
});
