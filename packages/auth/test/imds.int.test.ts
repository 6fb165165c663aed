import { createServer, type Socket } from 'node:net';
import type { TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH_HINTS,
  createInstanceProfileStrategy,
  createRoleBasedStrategy,
  isAuthError,
} from '../src/index.js';
import { closedPort, roleArn, startAuthEmulator, thrown, viaEmulator } from './helpers.js';

/** A TCP server that accepts connections and never answers (an IMDS behind a dropped hop). */
async function startBlackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('instance metadata unreachable', () => {
  it('fails with IMDS_UNREACHABLE at once when nothing listens (closed local port)', async () => {
    const port = await closedPort();
    const strategy = createInstanceProfileStrategy({
      authType: 'instance-profile',
      region: 'us-east-2',
      instanceMetadata: { endpoint: `http://127.0.0.1:${port}`, timeoutMs: 500, maxRetries: 0 },
    });
    const started = Date.now();
    const error = await thrown(() => strategy.credentials());
    expect(Date.now() - started).toBeLessThan(500);
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'IMDS_UNREACHABLE',
      tryNext: true,
      hint: AUTH_HINTS.imdsOffEc2,
      message: expect.stringContaining('The instance metadata service was not reached'),
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('gives up within the timeout when the metadata service never answers', async () => {
    const hole = await startBlackHole();
    try {
      const timeoutMs = 300;
      const strategy = createInstanceProfileStrategy({
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: hole.url, timeoutMs, maxRetries: 0 },
      });
      const started = Date.now();
      const error = await thrown(() => strategy.credentials());
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({ code: 'IMDS_UNREACHABLE' });
      // one token request, bounded by the timeout (no IMDSv1 fallback request follows it)
      expect(elapsed).toBeGreaterThanOrEqual(timeoutMs);
      expect(elapsed).toBeLessThan(3 * timeoutMs + 300);
    } finally {
      await hole.close();
    }
  });

  it('reports the source step when a role-based vault cannot reach the metadata service', async () => {
    const port = await closedPort();
    const strategy = createRoleBasedStrategy({
      authType: 'role-based',
      region: 'us-east-2',
      iamRole: roleArn('agent'),
      instanceMetadata: { endpoint: `http://127.0.0.1:${port}`, timeoutMs: 500 },
    });
    await expect(strategy.credentials()).rejects.toMatchObject({ code: 'IMDS_UNREACHABLE' });
  });
});

describe('instance metadata reachable', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startAuthEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('reads the instance profile over IMDSv2 and reuses the credentials', async () => {
    const strategy = createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emu.url },
      },
      viaEmulator(emu),
    );
    const first = await strategy.credentials();
    const second = await strategy.credentials();
    expect(second).toBe(first);
    expect(first.sessionToken).toBeTruthy();
  });

  it('says what to fix when there is no instance profile', async () => {
    await emu.control.loadScenario({ accounts: [{ id: '333333333333' }] });
    const strategy = createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emu.url },
      },
      viaEmulator(emu),
    );
    const error = await thrown(() => strategy.credentials());
    expect(error).toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
      hint: AUTH_HINTS.instanceProfile,
    });
  });

  it("says what to fix when EC2 may not assume the instance profile's role", async () => {
    await emu.control.loadScenario({
      accounts: [{ id: '333333333333' }],
      roles: [
        {
          name: 'orphan',
          trustPolicy: {
            Statement: {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::333333333333:root' },
              Action: 'sts:AssumeRole',
            },
          },
        },
      ],
      instanceProfile: { roleName: 'orphan' },
    });
    const strategy = createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emu.url },
      },
      viaEmulator(emu),
    );
    const error = await thrown(() => strategy.credentials());
    expect(error).toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
      hint: AUTH_HINTS.instanceRoleTrust,
    });
  });
});
