import { PutResourcePolicyCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { ACCOUNT } from './fixtures.js';
import {
  adminClient,
  CANARY,
  recorder,
  rejection,
  resolverFor,
  smCalls,
  testClock,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

const ALL = '*';

describe('when AWS fails', () => {
  it.each([
    ['throttling', { throttleProbability: 1 }],
    ['5xx', { internalErrorProbability: 1 }],
    ['an outage', { outage: true }],
    ['connection resets', { connectionResetProbability: 1 }],
  ])('serves the last value marked stale on %s', async (_, fault) => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60, maxStaleSeconds: 600 },
      options: { now: clock.now, metrics: rec.metrics, logger: rec.logger },
    });
    expect(await resolver.getSecret('app/plain')).toMatchObject({ stale: false });
    await emulator().control.setFault(ALL, fault);
    clock.advance(61);
    const secret = await resolver.getSecret('app/plain');
    expect(secret).toMatchObject({ SecretString: CANARY.plain, stale: true });
    expect(rec.count('stale')).toBe(1);
    expect(rec.logs.join('\n')).toMatch(/serving the last value/);
  });

  it('waits staleRetryMs before asking a failing AWS again, serving stale meanwhile', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60 },
      options: { now: clock.now, staleRetryMs: 5000 },
    });
    await resolver.getValue('app/plain');
    await emulator().control.setFault(ALL, { internalErrorProbability: 1 });
    clock.advance(61);
    await emulator().control.resetCounters();
    for (let i = 0; i < 5; i += 1) expect((await resolver.getSecret('app/plain')).stale).toBe(true);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });
    clock.advance(5);
    await resolver.getSecret('app/plain');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2 });
    await emulator().control.clearFaults();
    clock.advance(5);
    expect((await resolver.getSecret('app/plain')).stale).toBe(false);
  });

  it('never serves stale a value AWS has since denied', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60 },
      options: { now: clock.now },
    });
    await resolver.getValue('prod/db:username');
    const admin = await adminClient(emulator());
    try {
      await admin.send(
        new PutResourcePolicyCommand({
          SecretId: 'prod/db',
          ResourcePolicy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/reader` },
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
              },
            ],
          }),
        }),
      );
    } finally {
      admin.destroy();
    }
    clock.advance(61);
    expect((await rejection(resolver.getValue('prod/db:username'))).code).toBe('ACCESS_DENIED');
    await emulator().control.setFault(ALL, { outage: true });
    expect((await rejection(resolver.getValue('prod/db:username'))).code).toBe('UNAVAILABLE');
  });

  it('fails with UNAVAILABLE past maxStaleSeconds', async () => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60, maxStaleSeconds: 120 },
      options: { now: clock.now, metrics: rec.metrics },
    });
    await resolver.getValue('prod/db:password');
    await emulator().control.setFault(ALL, { outage: true });
    clock.advance(60 + 119);
    expect((await resolver.getSecret('prod/db')).stale).toBe(true);
    clock.advance(2);
    const error = await rejection(resolver.getValue('prod/db:password'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/cache\.maxStaleSeconds \(120s\)/);
    expect(error.message).not.toContain(CANARY.dbPassword);
    expect(rec.count('error UNAVAILABLE')).toBe(1);
  });

  it('never serves stale when maxStaleSeconds is 0', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60, maxStaleSeconds: 0 },
      options: { now: clock.now },
    });
    await resolver.getValue('app/plain');
    await emulator().control.setFault(ALL, { throttleProbability: 1 });
    clock.advance(61);
    expect((await rejection(resolver.getValue('app/plain'))).code).toBe('UNAVAILABLE');
  });

  it.each([
    ['throttling', { throttleProbability: 1 }, 'THROTTLED'],
    ['5xx', { internalErrorProbability: 1 }, 'UNAVAILABLE'],
    ['an outage', { outage: true }, 'UNAVAILABLE'],
    // The SDK reports a reset as TimeoutError (code ECONNRESET): a network failure, not a timeout.
    ['connection resets', { connectionResetProbability: 1 }, 'UNAVAILABLE'],
  ])('fails on %s with nothing cached: %s', async (_, fault, code) => {
    await using resolver = await resolverFor(emulator());
    await emulator().control.setFault(ALL, fault);
    const error = await rejection(resolver.getValue('app/plain'));
    expect(error.code).toBe(code);
    expect(error.hint).toBeTruthy();
  });

  it('fails with TIMEOUT when AWS does not answer within requestTimeoutMs', async () => {
    await using resolver = await resolverFor(emulator(), { options: { requestTimeoutMs: 100 } });
    await emulator().control.setFault(ALL, { latencyMs: 1000 });
    const error = await rejection(resolver.getValue('app/plain'));
    expect(error.code).toBe('TIMEOUT');
  });

  it('retries through the SDK retry strategy, not a loop of its own', async () => {
    await using resolver = await resolverFor(emulator(), { options: { maxAttempts: 3 } });
    await emulator().control.setFault(ALL, { internalErrorProbability: 1 });
    expect((await rejection(resolver.getValue('app/plain'))).code).toBe('UNAVAILABLE');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 3 });
  });
});
