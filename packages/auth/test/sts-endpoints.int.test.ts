import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createEmulatorRequestHandler } from '@vaultline/emulator';
import { rejectionOf } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import {
  AUTH_HINTS,
  createRoleBasedStrategy,
  isAuthError,
  type RoleBasedVaultInput,
  toAuthError,
} from '../src/index.js';
import {
  assumedRoleArn,
  roleBasedVault,
  SESSION,
  useAuthEmulator,
  viaEmulator,
} from './helpers.js';

const emulator = useAuthEmulator({ resetAfterEach: true });

const vault = (extra: Partial<RoleBasedVaultInput> = {}) =>
  roleBasedVault(emulator(), 'reader', extra);

describe('STS endpoint rules against the emulator', () => {
  it('the emulator rejects a global-endpoint request signed for us-east-2 (so the cases below mean something)', async () => {
    const credentials = await emulator().credentialsOf('developer');
    const sts = new STSClient({
      region: 'us-east-2',
      endpoint: 'https://sts.amazonaws.com',
      credentials,
      requestHandler: createEmulatorRequestHandler(emulator().url),
    });
    const error = toAuthError(await rejectionOf(() => sts.send(new GetCallerIdentityCommand({}))), {
      stsEndpoint: 'https://sts.amazonaws.com',
      signingRegion: 'us-east-2',
    });
    expect(error.code).toBe('STS_REGION_MISMATCH');
    expect(error.hint).toBe(AUTH_HINTS.stsRegion);
    sts.destroy();
  });

  it('uses the global endpoint signed for us-east-1 while the vault region is us-east-2', async () => {
    const strategy = createRoleBasedStrategy(vault({}), viaEmulator(emulator()));
    await expect(strategy.describeIdentity()).resolves.toMatchObject({
      arn: assumedRoleArn('reader', SESSION),
    });
    const counters = await emulator().control.counters();
    expect(counters['sts:AssumeRole']).toBe(1);
  });

  it('signs for the region of a regional STS host when stsEndpointRegion is not set', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ stsEndpoint: 'https://sts.us-west-1.amazonaws.com' }),
      viaEmulator(emulator()),
    );
    await expect(strategy.describeIdentity()).resolves.toMatchObject({
      arn: assumedRoleArn('reader', SESSION),
    });
  });

  it('accepts a regional STS host with the matching stsEndpointRegion', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ stsEndpoint: 'https://sts.eu-west-1.amazonaws.com', stsEndpointRegion: 'eu-west-1' }),
      viaEmulator(emulator()),
    );
    await expect(strategy.credentials()).resolves.toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
    });
  });

  it('signs a custom (local) endpoint for stsEndpointRegion', async () => {
    const strategy = createRoleBasedStrategy(
      vault({ stsEndpoint: emulator().url, stsEndpointRegion: 'ap-southeast-2' }),
      { hostname: 'test-host.example' },
    );
    await expect(strategy.describeIdentity()).resolves.toMatchObject({
      arn: assumedRoleArn('reader', SESSION),
    });
  });

  it('refuses a contradictory stsEndpointRegion before any call, with a clear error', async () => {
    const error = await rejectionOf(async () =>
      createRoleBasedStrategy(
        vault({
          stsEndpoint: 'https://sts.us-west-1.amazonaws.com',
          stsEndpointRegion: 'us-east-2',
        }),
        viaEmulator(emulator()),
      ),
    );
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STS_REGION_MISMATCH',
      hint: AUTH_HINTS.stsRegion,
      message: expect.stringContaining(
        'stsEndpointRegion is "us-east-2" but the STS endpoint https://sts.us-west-1.amazonaws.com is in us-west-1',
      ),
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(await emulator().control.counters()).not.toHaveProperty('sts:AssumeRole');
  });

  it("refuses the product document's secretsmanager host in stsEndpoint and names the STS host", async () => {
    const error = await rejectionOf(async () =>
      createRoleBasedStrategy(
        vault({
          region: 'us-west-1',
          stsEndpoint: 'https://secretsmanager.us-west-1.amazonaws.com',
        }),
        viaEmulator(emulator()),
      ),
    );
    expect(error).toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('https://sts.us-west-1.amazonaws.com'),
    });
  });
});
