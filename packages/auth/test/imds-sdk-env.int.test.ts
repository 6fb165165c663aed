// The SDK's fromInstanceMetadata takes its endpoint only from AWS_EC2_METADATA_SERVICE_ENDPOINT
// (or the shared config file). This file sets that variable, so it runs in its own worker.
import type { TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstanceProfileStrategy } from '../src/index.js';
import { assumedRoleArn, closedPort, startAuthEmulator, viaEmulator } from './helpers.js';

const saved = process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startAuthEmulator();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  else process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = saved;
  await emu?.close();
});

describe('instance-profile through the SDK fromInstanceMetadata (no endpoint in the config)', () => {
  it('obtains the instance profile credentials', async () => {
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

  it('fails with IMDS_UNREACHABLE within the timeout', async () => {
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    const strategy = createInstanceProfileStrategy({
      authType: 'instance-profile',
      region: 'us-east-2',
      instanceMetadata: { timeoutMs: 500, maxRetries: 0 },
    });
    const started = Date.now();
    await expect(strategy.credentials()).rejects.toMatchObject({
      code: 'IMDS_UNREACHABLE',
      tryNext: true,
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
