import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { rejectionOf } from '@vaultline/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AUTH_HINTS,
  createInstanceProfileStrategy,
  createRoleBasedStrategy,
  isAuthError,
} from '../src/index.js';
import {
  closedPort,
  roleArn,
  untilReal,
  useAuthEmulator,
  viaEmulator,
  watchSettlement,
} from './helpers.js';

/**
 * A TCP server that accepts connections, records the request line of each, and never answers
 * (an IMDS behind a dropped hop).
 */
async function startBlackHole(): Promise<{
  url: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    let head = '';
    socket.on('data', (chunk) => {
      if (head.includes('\r\n')) return;
      head += chunk.toString('latin1');
      if (head.includes('\r\n')) requests.push(head.slice(0, head.indexOf('\r\n')));
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// Why fake timers, and only setTimeout/clearTimeout: the SDK's request and connection
// timeouts are setTimeout calls (@smithy/node-http-handler), so with those faked the test
// moves the clock itself while the sockets stay real. Elapsed-time bounds flaked on a loaded
// machine; these cases cannot, and still fail on each defect they guard: a timeout that is
// not applied (nothing settles), another timeout than the configured one (it settles early,
// or not at the configured time), a retry or an IMDSv1 fallback request (a second request
// line at the black hole), or waiting for any timer when nothing listens (nothing settles
// while the fake clock stands still).
describe('instance metadata unreachable', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails with IMDS_UNREACHABLE at once when nothing listens (closed local port)', async () => {
    const port = await closedPort();
    const strategy = createInstanceProfileStrategy({
      authType: 'instance-profile',
      region: 'us-east-2',
      instanceMetadata: { endpoint: `http://127.0.0.1:${port}`, timeoutMs: 500, maxRetries: 0 },
    });
    // The fake clock never moves: a rejection now owes nothing to a timeout or a backoff.
    const outcome = watchSettlement(strategy.credentials());
    await untilReal(() => outcome.settled, 'the refused connection to fail the strategy');
    const { error } = outcome;
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'IMDS_UNREACHABLE',
      tryNext: true,
      hint: AUTH_HINTS.imdsOffEc2,
      message: expect.stringContaining('The instance metadata service was not reached'),
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('gives up at the configured timeout when the metadata service never answers', async () => {
    const hole = await startBlackHole();
    try {
      const timeoutMs = 300;
      const strategy = createInstanceProfileStrategy({
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: hole.url, timeoutMs, maxRetries: 0 },
      });
      const outcome = watchSettlement(strategy.credentials());
      await untilReal(() => hole.requests.length > 0, 'the token request at the black hole');
      await vi.advanceTimersByTimeAsync(timeoutMs - 1);
      await sleep(50); // real time: anything already due would have settled by now
      expect(outcome.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await untilReal(
        () => outcome.settled || hole.requests.length > 1,
        'the strategy to give up at the timeout',
      );
      // one token request (no IMDSv1 fallback request follows it, no retry)
      expect(hole.requests).toEqual(['PUT /latest/api/token HTTP/1.1']);
      expect(outcome.error).toMatchObject({ code: 'IMDS_UNREACHABLE' });
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
  const emulator = useAuthEmulator();

  it('reads the instance profile over IMDSv2 and reuses the credentials', async () => {
    const strategy = createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emulator().url },
      },
      viaEmulator(emulator()),
    );
    const first = await strategy.credentials();
    const second = await strategy.credentials();
    expect(second).toBe(first);
    expect(first.sessionToken).toBeTruthy();
  });

  it('says what to fix when there is no instance profile', async () => {
    await emulator().control.loadScenario({ accounts: [{ id: '333333333333' }] });
    const strategy = createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emulator().url },
      },
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.credentials());
    expect(error).toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
      hint: AUTH_HINTS.instanceProfile,
    });
  });

  it("says what to fix when EC2 may not assume the instance profile's role", async () => {
    await emulator().control.loadScenario({
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
        instanceMetadata: { endpoint: emulator().url },
      },
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.credentials());
    expect(error).toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
      hint: AUTH_HINTS.instanceRoleTrust,
    });
  });
});
