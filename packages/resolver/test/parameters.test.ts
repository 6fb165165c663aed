import { describe, expect, it } from 'vitest';
import { ACCOUNT, BULK_PARAMETER_COUNT, bulkParameter, OTHER_ACCOUNT, REGION } from './fixtures.js';
import {
  CANARY,
  recorder,
  resolverFor,
  ssmCalls,
  testClock,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

describe('getParameter', () => {
  it('reads a String, a decrypted SecureString and a StringList as text', async () => {
    await using resolver = await resolverFor(emulator());
    const [host, password, hosts] = await Promise.all([
      resolver.getParameter('/app/db/host'),
      resolver.getParameter('/app/db/password'),
      resolver.getParameter('/app/hosts'),
    ]);
    expect(host).toMatchObject({
      Name: '/app/db/host',
      Type: 'String',
      Value: 'db.internal',
      Version: 1,
      ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/host`,
      DataType: 'text',
      stale: false,
    });
    expect(password).toMatchObject({ Type: 'SecureString', Value: CANARY.ssmPassword });
    expect(hosts).toMatchObject({ Type: 'StringList', Value: 'a.internal,b.internal' });
    expect(Object.isFrozen(host)).toBe(true);
  });

  it('returns the ciphertext of a SecureString with withDecryption: false, cached apart', async () => {
    await using resolver = await resolverFor(emulator());
    const encrypted = await resolver.getParameter('/app/db/password', { withDecryption: false });
    expect(encrypted.Type).toBe('SecureString');
    expect(encrypted.Value).not.toContain(CANARY.ssmPassword);
    expect(encrypted.Value.length).toBeGreaterThan(0);
    const decrypted = await resolver.getParameter('/app/db/password');
    expect(decrypted.Value).toBe(CANARY.ssmPassword);
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 2 });
  });

  it('reads versions and labels as GetParameters takes them, and parameters by ARN', async () => {
    await using resolver = await resolverFor(emulator());
    const arn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/versioned`;
    const [first, second, blue, green, latest, byArn, byArnVersion] = await Promise.all([
      resolver.getParameter('/app/versioned:1'),
      resolver.getParameter('/app/versioned:2'),
      resolver.getParameter('/app/versioned:blue'),
      resolver.getParameter('/app/versioned:green'),
      resolver.getParameter('/app/versioned'),
      resolver.getParameter(arn),
      resolver.getParameter(`${arn}:1`),
    ]);
    expect(first).toMatchObject({ Value: 'first', Version: 1, Selector: ':1' });
    expect(second).toMatchObject({ Value: 'second', Version: 2, Selector: ':2' });
    expect(blue).toMatchObject({ Value: 'first', Version: 1, Selector: ':blue' });
    expect(green).toMatchObject({ Value: 'third', Version: 3, Selector: ':green' });
    expect(latest).toMatchObject({ Value: 'third', Version: 3 });
    expect(latest.Selector).toBeUndefined();
    expect(byArn).toMatchObject({ Value: 'third', ARN: arn });
    expect(byArnVersion).toMatchObject({ Value: 'first', Version: 1 });
    // Seven references, one same-tick batch.
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
  });

  it('accepts a parsed ParameterReference', async () => {
    await using resolver = await resolverFor(emulator());
    const value = await resolver.getParameter({
      parameterId: '/app/versioned',
      name: '/app/versioned',
      version: 2,
    });
    expect(value.Value).toBe('second');
  });

  it('reads a parameter another account shares, by ARN', async () => {
    await using resolver = await resolverFor(emulator());
    const arn = `arn:aws:ssm:${REGION}:${OTHER_ACCOUNT}:parameter/shared/host`;
    expect(await resolver.getParameter(arn)).toMatchObject({ Value: 'shared.internal', ARN: arn });
  });
});

describe('Secrets Manager through Parameter Store', () => {
  it('reads /aws/reference/secretsmanager/<secret> in the same batch as parameters', async () => {
    await using resolver = await resolverFor(emulator());
    const [secret, host] = await Promise.all([
      resolver.getParameter('/aws/reference/secretsmanager/app/plain'),
      resolver.getParameter('/app/db/host'),
    ]);
    expect(secret).toMatchObject({
      Name: '/aws/reference/secretsmanager/app/plain',
      Type: 'SecureString',
      Value: CANARY.plain,
    });
    expect(host.Value).toBe('db.internal');
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
  });

  it('reads a version stage of that secret', async () => {
    await using resolver = await resolverFor(emulator());
    const previous = await resolver.getParameter(
      '/aws/reference/secretsmanager/app/plain:AWSPREVIOUS',
    );
    expect(previous).toMatchObject({ Value: CANARY.previous, Selector: ':AWSPREVIOUS' });
  });

  it('lists a missing secret as PARAMETER_NOT_FOUND without failing the rest of the batch', async () => {
    await using resolver = await resolverFor(emulator());
    const [missing, host] = await Promise.allSettled([
      resolver.getParameter('/aws/reference/secretsmanager/app/none'),
      resolver.getParameter('/app/db/host'),
    ]);
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'PARAMETER_NOT_FOUND' } });
    expect(host).toMatchObject({ status: 'fulfilled', value: { Value: 'db.internal' } });
  });
});

describe('batching', () => {
  const names = Array.from({ length: BULK_PARAMETER_COUNT }, (_, i) => bulkParameter(i));

  it('reads 25 parameters asked in one tick with 3 GetParameters calls (10, 10, 5)', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      options: { metrics: rec.metrics },
    });
    const values = await Promise.all(names.map((name) => resolver.getParameter(name)));
    expect(values.map((v) => v.Value)).toEqual(names.map((_, i) => `bulk-value-${i}`));
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 3 });
    const sizes = rec.events
      .filter((event) => event.startsWith('api GetParameters'))
      .map((event) => JSON.parse(event.slice('api GetParameters '.length)).secrets);
    expect(sizes.sort()).toEqual([10, 10, 5]);
  });

  it('prefetches the same way, and serves the prefetched values from the cache', async () => {
    await using resolver = await resolverFor(emulator());
    expect(await resolver.prefetchParameters(names)).toEqual({ loaded: 25, failed: [] });
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 3 });
    for (const name of names) await resolver.getParameter(name);
    expect(resolver.peekParameter(names[0]!)?.Value).toBe('bulk-value-0');
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 3 });
  });

  it('puts decrypted and encrypted reads in separate calls', async () => {
    await using resolver = await resolverFor(emulator());
    await Promise.all([
      resolver.getParameter('/app/db/host'),
      resolver.getParameter('/app/db/password'),
      resolver.getParameter('/app/hosts', { withDecryption: false }),
      resolver.getParameter('/app/db/password', { withDecryption: false }),
    ]);
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 2 });
  });

  it('shares one request among identical reads in flight', async () => {
    await using resolver = await resolverFor(emulator());
    const reads = await Promise.all([1, 2, 3].map(() => resolver.getParameter('/app/db/host')));
    expect(reads.map((read) => read.Value)).toEqual(['db.internal', 'db.internal', 'db.internal']);
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
  });

  it('reports a parameter that fails without failing the rest of the prefetch', async () => {
    await using resolver = await resolverFor(emulator());
    const result = await resolver.prefetchParameters(['/app/db/host', '/app/missing', 'bad name']);
    expect(result.loaded).toBe(1);
    expect(result.failed.map((f) => [f.ref, f.error.code])).toEqual([
      ['bad name', 'INVALID_REFERENCE'],
      ['/app/missing', 'PARAMETER_NOT_FOUND'],
    ]);
  });
});

describe('the cache', () => {
  it('serves hits without calls and counts them with the secrets metrics', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      options: { metrics: rec.metrics, metricLabelsWithNames: true },
    });
    const first = await resolver.getParameter('/app/db/host');
    const second = await resolver.getParameter('/app/db/host');
    expect(second).toBe(first);
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
    expect(rec.count('miss')).toBe(1);
    expect(rec.count('hit')).toBe(1);
    expect(rec.events).toContain('hit {"secret":"/app/db/host"}');
  });

  it('asks again after the TTL, and with refreshNow', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60 },
      options: { now: clock.now },
    });
    await resolver.getParameter('/app/db/host');
    clock.advance(59);
    await resolver.getParameter('/app/db/host');
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 1 });
    clock.advance(2);
    await resolver.getParameter('/app/db/host');
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 2 });
    await resolver.getParameter('/app/db/host', { refreshNow: true });
    expect(await ssmCalls(emulator())).toEqual({ GetParameters: 3 });
    expect(resolver.peekParameter('/app/db/host')?.Value).toBe('db.internal');
  });

  it('forgets a parameter on invalidateParameter, by name or ARN', async () => {
    await using resolver = await resolverFor(emulator());
    await resolver.getParameter('/app/versioned');
    await resolver.getParameter('/app/versioned:1');
    resolver.invalidateParameter(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/versioned`);
    expect(resolver.peekParameter('/app/versioned')).toBeUndefined();
    expect(resolver.peekParameter('/app/versioned:1')).toBeUndefined();
    await resolver.getParameter('/app/db/host');
    resolver.invalidateParameter();
    expect(resolver.peekParameter('/app/db/host')).toBeUndefined();
  });

  it('serves the last value marked stale while Parameter Store fails, then gives up', async () => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60, maxStaleSeconds: 120 },
      options: { now: clock.now, metrics: rec.metrics, logger: rec.logger },
    });
    expect((await resolver.getParameter('/app/db/password')).stale).toBe(false);
    await emulator().control.setFault('ssm:GetParameters', { internalErrorProbability: 1 });
    clock.advance(61);
    const stale = await resolver.getParameter('/app/db/password');
    expect(stale).toMatchObject({ Value: CANARY.ssmPassword, stale: true });
    expect(rec.count('stale')).toBe(1);
    expect(rec.logs.join('\n')).toMatch(/serving the last value of the parameter/);
    clock.advance(200);
    const error = await resolver.getParameter('/app/db/password').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).message).toMatch(/restore access to Parameter Store/);
    const seen = [...rec.events, ...rec.logs, (error as Error).message].join('\n');
    expect(seen).not.toContain(CANARY.ssmPassword);
  });

  it('throws with refreshNow and onRefreshFailure: throw, keeping the cached value', async () => {
    await using resolver = await resolverFor(emulator());
    await resolver.getParameter('/app/db/host');
    await emulator().control.setFault('ssm:GetParameters', { throttleProbability: 1 });
    const error = await resolver
      .getParameter('/app/db/host', { refreshNow: true, onRefreshFailure: 'throw' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'THROTTLED' });
    expect((error as Error).message).toMatch(/Parameter Store throttled/);
    expect(resolver.peekParameter('/app/db/host')?.Value).toBe('db.internal');
  });
});
