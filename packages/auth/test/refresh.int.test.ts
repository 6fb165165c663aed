import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  createInstanceProfileStrategy,
  createRoleBasedStrategy,
} from '../src/index.js';
import { roleArn, useAuthEmulator, viaEmulator } from './helpers.js';

const LIFETIME_SECONDS = 3;
const WORKERS = 8;

const emulator = useAuthEmulator();

/**
 * Keeps WORKERS callers busy with signed STS calls (the emulator checks every signature and
 * session expiry) for `durationMs`, and records every access key id they were handed.
 */
async function hammer(strategy: AuthStrategy, durationMs: number) {
  const keys = new Set<string>();
  const failures: unknown[] = [];
  let calls = 0;
  const until = Date.now() + durationMs;
  const worker = async () => {
    while (Date.now() < until) {
      try {
        const credentials: AwsCredentialIdentity = await strategy.credentials();
        keys.add(credentials.accessKeyId);
        await strategy.describeIdentity();
        calls += 1;
      } catch (error) {
        failures.push(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return { keys, failures, calls };
}

describe(`credentials of ${LIFETIME_SECONDS} s, continuous calls across three lifetimes`, () => {
  it('role-based: zero failures and one AssumeRole per renewal', async () => {
    await emulator().control.reset();
    await emulator().control.setCredentials({ lifetimeSeconds: LIFETIME_SECONDS });
    const strategy = createRoleBasedStrategy(
      {
        authType: 'role-based',
        region: 'us-east-2',
        iamRole: roleArn('agent'),
        instanceMetadata: { endpoint: emulator().url },
      },
      viaEmulator(emulator()),
    );
    const { keys, failures, calls } = await hammer(strategy, LIFETIME_SECONDS * 1000 * 3.4);
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    // the first set plus at least one renewal per lifetime, renewing at about 3/4 of each
    expect(keys.size).toBeGreaterThanOrEqual(4);
    expect(keys.size).toBeLessThanOrEqual(7);
    const counters = await emulator().control.counters();
    // every AssumeRole produced a set of credentials that callers used: none was duplicated
    expect(counters['sts:AssumeRole']).toBe(keys.size);
  }, 30_000);

  it('instance-profile: zero failures across renewals', async () => {
    await emulator().control.reset();
    await emulator().control.setCredentials({ lifetimeSeconds: LIFETIME_SECONDS });
    const strategy = createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emulator().url },
      },
      viaEmulator(emulator()),
    );
    const { keys, failures } = await hammer(strategy, LIFETIME_SECONDS * 1000 * 3.4);
    expect(failures).toEqual([]);
    expect(keys.size).toBeGreaterThanOrEqual(4);
  }, 30_000);
});
