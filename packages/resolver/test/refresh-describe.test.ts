import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  adminClient,
  CANARY,
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

// As AWS's agent (aws_secretsmanager_caching/src/lib.rs:380-402 and 444-491): on TTL expiry,
// DescribeSecret says whether the cached version is still AWSCURRENT.
describe('refreshByDescribe', () => {
  it('keeps an unchanged value after DescribeSecret alone, the same object, TTL renewed', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      options: { now: clock.now, refreshByDescribe: true },
    });
    const first = await resolver.getSecret('app/plain');
    clock.advance(301);
    await emulator().control.resetCounters();
    const again = await resolver.getSecret('app/plain');
    expect(again).toBe(first);
    expect(again.SecretString).toBe(CANARY.plain);
    expect(await smCalls(emulator())).toEqual({ DescribeSecret: 1 });
    // The TTL started again: a hit, no call.
    clock.advance(200);
    await resolver.getSecret('app/plain');
    expect(await smCalls(emulator())).toEqual({ DescribeSecret: 1 });
  });

  it('fetches the new version when the secret rotated', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      options: { now: clock.now, refreshByDescribe: true },
    });
    const before = await resolver.getSecret('prod/db');
    await rotate('prod/db', JSON.stringify({ username: 'app', password: 'canary-rotated-3c7f' }));
    clock.advance(301);
    await emulator().control.resetCounters();
    expect(await resolver.getValue('prod/db:password')).toBe('canary-rotated-3c7f');
    expect((await resolver.getSecret('prod/db')).VersionId).not.toBe(before.VersionId);
    expect(await smCalls(emulator())).toEqual({ DescribeSecret: 1, GetSecretValue: 1 });
  });

  it('makes one DescribeSecret for concurrent reads of one expired secret', async () => {
    const clock = testClock();
    await using resolver = await resolverFor(emulator(), {
      options: { now: clock.now, refreshByDescribe: true },
    });
    await resolver.getSecret('app/plain');
    clock.advance(301);
    await emulator().control.resetCounters();
    await Promise.all(Array.from({ length: 10 }, () => resolver.getSecret('app/plain')));
    expect(await smCalls(emulator())).toEqual({ DescribeSecret: 1 });
  });

  it('falls back to fetching, and stops asking, when DescribeSecret is denied', async () => {
    const clock = testClock();
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      user: 'get-only',
      options: { now: clock.now, refreshByDescribe: true, logger: rec.logger },
    });
    await resolver.getSecret('app/plain');
    clock.advance(301);
    await emulator().control.resetCounters();
    expect((await resolver.getSecret('app/plain')).SecretString).toBe(CANARY.plain);
    expect(await smCalls(emulator())).toEqual({ DescribeSecret: 1, GetSecretValue: 1 });
    expect(rec.logs.join('\n')).toMatch(/DescribeSecret was denied/);
    clock.advance(301);
    await resolver.getSecret('app/plain');
    expect(await smCalls(emulator())).toEqual({ DescribeSecret: 1, GetSecretValue: 2 });
  });
});
