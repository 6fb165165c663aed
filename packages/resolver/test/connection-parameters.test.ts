// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ssm:...} and ${secret:...} are the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import {
  CANARY,
  recorder,
  rejection,
  resolverFor,
  smCalls,
  ssmCalls,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

const connections = {
  'orders-db': {
    host: { parameter: '/app/db/host' },
    password: { parameter: '/app/db/password' },
    user: { secret: 'prod/db:username' },
    port: 5432,
  },
  mixed: {
    url: 'postgres://${secret:prod/db:username}:${ssm:/app/db/password}@${ssm:/app/db/host}:5432/orders',
    replicas: { parameter: '/app/hosts', as: 'list' as const },
    replicasText: { parameter: '/app/hosts' },
    previous: { parameter: '/app/versioned-secure:1' },
    blue: '${ssm:/app/versioned:blue}',
  },
  broken: {
    host: { parameter: '/app/db/host' },
    missing: { parameter: '/app/not-there' },
  },
};

describe('connections with Parameter Store references', () => {
  it('resolves a plain parameter, a SecureString and a secret cold with one GetParameters and one Secrets Manager call', async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    const resolved = await resolver.resolveConnection('orders-db');
    expect(resolved.values).toEqual({
      host: 'db.internal',
      password: CANARY.ssmPassword,
      user: 'app',
      port: 5432,
    });
    expect(resolved.stale).toBe(false);
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
    const secretsManager = await smCalls(emulator());
    expect(Object.values(secretsManager).reduce((a, b) => a + b, 0)).toBe(1);
    expect(Object.keys(secretsManager)[0]).toMatch(/^(BatchGetSecretValue|GetSecretValue)$/);
  });

  it('lists SecureString and secret values in secretValues, not plain parameters', async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    const resolved = await resolver.resolveConnection('orders-db');
    expect(resolved.secretValues).toEqual([
      { property: 'password', value: CANARY.ssmPassword },
      { property: 'user', value: 'app' },
    ]);
  });

  it('fills placeholders, gives a StringList as a list or as text, and reads selectors', async () => {
    await using resolver = await resolverFor(emulator(), { connections });
    const resolved = await resolver.resolveConnection('mixed');
    expect(resolved.values).toEqual({
      url: `postgres://app:${CANARY.ssmPassword}@db.internal:5432/orders`,
      replicas: ['a.internal', 'b.internal'],
      replicasText: 'a.internal,b.internal',
      previous: CANARY.ssmPrevious,
      blue: 'first',
    });
    expect(resolved.secretValues.map((entry) => entry.property)).toEqual([
      'url',
      'url',
      'previous',
    ]);
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
  });

  it('resolves every connection together, then from the cache', async () => {
    await using resolver = await resolverFor(emulator(), {
      connections: { 'orders-db': connections['orders-db'], mixed: connections.mixed },
    });
    await resolver.resolveAll();
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
    await resolver.resolveAll();
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
    await resolver.resolveConnection('orders-db', { refreshNow: true });
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 2 });
  });

  it('names the connection, the property-free parameter and never a value when one fails', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      connections,
      options: { metrics: rec.metrics, logger: rec.logger },
    });
    const error = await rejection(resolver.resolveConnection('broken'));
    expect(error.code).toBe('PARAMETER_NOT_FOUND');
    expect(error.message).toMatch(/^connection 'broken': parameter '\/app\/not-there': /);
    const seen = [error.message, error.hint ?? '', ...rec.events, ...rec.logs].join('\n');
    expect(seen).not.toContain('db.internal');
  });
});
