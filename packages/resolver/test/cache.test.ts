import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { ACCOUNT } from './fixtures.js';
import {
  adminClient,
  recorder,
  resolverFor,
  smCalls,
  testClock,
  useResolverEmulator,
} from './helpers.js';

const emulator = useResolverEmulator();

async function rotate(name: string, value: string): Promise<void> {
  const client = await adminClient(emulator());
  try {
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  } finally {
    client.destroy();
  }
}

describe('cache', () => {
  it('serves from memory within the TTL and asks AWS again after it', async () => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 60 },
      options: { now: clock.now, metrics: rec.metrics },
    });
    await resolver.getValue('app/plain');
    clock.advance(59);
    await resolver.getValue('app/plain');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });
    expect([rec.count('miss'), rec.count('hit')]).toEqual([1, 1]);
    clock.advance(1);
    await resolver.getValue('app/plain');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2 });
  });

  it('jitters expiry so that it comes up to 10% early, never late', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      cache: { ttlSeconds: 100 },
      options: { now: clock.now, ttlJitter: 0.1, random: () => 0.5 },
    });
    await resolver.getValue('app/plain');
    clock.advance(94);
    await resolver.getValue('app/plain');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });
    clock.advance(1);
    await resolver.getValue('app/plain');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2 });
  });

  it('bypasses a fresh value with refreshNow', async () => {
    await using resolver = await resolverFor(emulator());
    await resolver.getValue('app/plain');
    await resolver.getSecret('app/plain', { refreshNow: true });
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2 });
  });

  it('returns the rotated value on refresh after PutSecretValue', async () => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      options: { now: clock.now, logger: rec.logger },
    });
    const before = await resolver.getSecret('prod/db');
    await rotate('prod/db', JSON.stringify({ username: 'app', password: 'canary-rotated-5e1d' }));
    // Within the TTL the cached value is still served...
    expect(await resolver.getValue('prod/db:password')).not.toBe('canary-rotated-5e1d');
    // ...refreshNow fetches the new AWSCURRENT and replaces it for everyone.
    const after = await resolver.getSecret('prod/db', { refreshNow: true });
    expect(after.VersionId).not.toBe(before.VersionId);
    expect(await resolver.getValue('prod/db:password')).toBe('canary-rotated-5e1d');
    expect(rec.logs.join('\n')).toMatch(/new version of the secret replaced/);
    // And after the TTL without refreshNow.
    await rotate('prod/db', JSON.stringify({ username: 'app', password: 'canary-rotated-9a2b' }));
    clock.advance(301);
    expect(await resolver.getValue('prod/db:password')).toBe('canary-rotated-9a2b');
  });

  it('forgets one secret, or everything, on invalidate', async () => {
    await using resolver = await resolverFor(emulator());
    await resolver.getValue('app/plain');
    await resolver.getValue('prod/db:username');
    resolver.invalidate('app/plain');
    await resolver.getValue('app/plain');
    await resolver.getValue('prod/db:username');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 3 });
    resolver.invalidate();
    await resolver.getValue('prod/db:username');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 4 });
  });

  it('evicts the least recently used secret beyond maxEntries', async () => {
    await using resolver = await resolverFor(emulator(), { cache: { maxEntries: 2 } });
    await resolver.getValue('app/plain');
    await resolver.getValue('prod/db:username');
    await resolver.getValue('app/binary');
    await resolver.getValue('app/binary');
    await resolver.getValue('prod/db:username');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 3 });
    await resolver.getValue('app/plain');
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 4 });
  });

  it('prefetches in batches and reports what failed', async () => {
    await using resolver = await resolverFor(emulator());
    const result = await resolver.prefetch([
      'app/plain',
      'prod/db:password',
      'missing/one',
      'bad name!',
    ]);
    expect(result.loaded).toBe(2);
    expect(result.failed.map((f) => [f.ref, f.error.code])).toEqual([
      ['bad name!', 'INVALID_REFERENCE'],
      ['missing/one', 'SECRET_NOT_FOUND'],
    ]);
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 1 });
    await resolver.getValue('app/plain');
    expect(await smCalls(emulator())).toEqual({ BatchGetSecretValue: 1 });
  });

  it('prefetches every secret matching a filter, paging by 20, and serves them by name', async () => {
    await using resolver = await resolverFor(emulator());
    const result = await resolver.prefetchMatching([{ Key: 'name', Values: ['bulk/secret-0'] }]);
    expect(result).toEqual({ loaded: 100, failed: [] });
    const calls = await smCalls(emulator());
    expect(calls.BatchGetSecretValue).toBe(5);
    await emulator().control.resetCounters();
    expect(await resolver.getValue('bulk/secret-042:user')).toBe('u42');
    expect(await smCalls(emulator())).toEqual({});
  });

  it('expires at the next rotation when asked to', async () => {
    const client = await adminClient(emulator());
    try {
      await client.send(
        new RotateSecretCommand({
          SecretId: 'app/plain',
          RotationLambdaARN: `arn:aws:lambda:us-east-2:${ACCOUNT}:function:rotate`,
          RotationRules: { AutomaticallyAfterDays: 1 },
          RotateImmediately: false,
        }),
      );
      const { NextRotationDate } = await client.send(
        new DescribeSecretCommand({ SecretId: 'app/plain' }),
      );
      expect(NextRotationDate).toBeInstanceOf(Date);
      await emulator().control.resetCounters();
      // Ten minutes before the rotation, with a one-hour TTL.
      const start = NextRotationDate!.getTime() - 600_000;
      const withOption = testClock(start);
      const without = testClock(start);
      await using capped = await resolverFor(emulator(), {
        cache: { ttlSeconds: 3600 },
        options: { now: withOption.now, expireAtNextRotation: true },
      });
      await using plain = await resolverFor(emulator(), {
        cache: { ttlSeconds: 3600 },
        options: { now: without.now },
      });
      await capped.getValue('app/plain');
      await plain.getValue('app/plain');
      expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2, DescribeSecret: 1 });
      withOption.advance(601);
      without.advance(601);
      await capped.getValue('app/plain');
      await plain.getValue('app/plain');
      expect((await smCalls(emulator())).GetSecretValue).toBe(3);
    } finally {
      client.destroy();
    }
  });
});
