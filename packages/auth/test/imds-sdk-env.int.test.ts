// The SDK's fromInstanceMetadata takes its endpoint only from AWS_EC2_METADATA_SERVICE_ENDPOINT
// (or the shared config file). This file sets that variable, so it runs in its own worker.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createInstanceProfileStrategy } from '../src/index.js';
import {
  assumedRoleArn,
  closedPort,
  untilReal,
  useAuthEmulator,
  viaEmulator,
  watchSettlement,
} from './helpers.js';

const saved = process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
const emulator = useAuthEmulator();
afterAll(() => {
  if (saved === undefined) delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  else process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = saved;
});

describe('instance-profile through the SDK fromInstanceMetadata (no endpoint in the config)', () => {
  it('obtains the instance profile credentials', async () => {
    const emu = emulator();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = emu.url;
    const strategy = createInstanceProfileStrategy(
      { authType: 'instance-profile', region: 'us-east-2', instanceMetadata: { timeoutMs: 1000 } },
      viaEmulator(emu),
    );
    const { instanceProfile } = await emu.control.identities();
    expect((await strategy.describeIdentity()).arn).toBe(
      assumedRoleArn('agent', instanceProfile!.instanceId),
    );
  });

  it('fails with IMDS_UNREACHABLE at once when nothing listens', async () => {
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    const strategy = createInstanceProfileStrategy({
      authType: 'instance-profile',
      region: 'us-east-2',
      instanceMetadata: { timeoutMs: 500, maxRetries: 0 },
    });
    // Instead of an elapsed-time bound (flaky under load): with setTimeout faked and the fake
    // clock standing still, the failure must come without waiting for any timeout or backoff.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const outcome = watchSettlement(strategy.credentials());
      await untilReal(() => outcome.settled, 'the refused connection to fail the strategy');
      expect(outcome.error).toMatchObject({ code: 'IMDS_UNREACHABLE', tryNext: true });
    } finally {
      vi.useRealTimers();
    }
  });
});
