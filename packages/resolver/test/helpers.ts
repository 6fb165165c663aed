import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { VaultlineConfig } from '@vaultline/config';
import {
  rejectionOf,
  type SharedEmulatorOptions,
  type TestEmulator,
  useTestEmulator,
} from '@vaultline/test-utils';
import {
  createResolver,
  type Resolver,
  type ResolverErrorCode,
  type ResolverOptions,
} from '../src/index.js';
import { ACCOUNT, REGION, scenario } from './fixtures.js';

export { CANARY } from './fixtures.js';

/**
 * The resolver scenario's emulator for every test of a file: started once, closed at the end,
 * and by default its state and counters reset before each test. Call at the top of a file.
 *
 * @example
 * const emulator = useResolverEmulator();
 * it('...', async () => { await using resolver = await resolverFor(emulator()); });
 */
export function useResolverEmulator(
  hooks: Omit<SharedEmulatorOptions, 'scenario'> = { beforeEach: resetState },
): () => TestEmulator {
  return useTestEmulator({ scenario, ...hooks });
}

/** Back to the scenario as loaded: state, counters and faults. */
export async function resetState(emu: TestEmulator): Promise<void> {
  await emu.control.reset();
}

/** A clock tests move by hand. */
export interface TestClock {
  now: () => number;
  advance(seconds: number): void;
}

export function testClock(start = Date.UTC(2030, 0, 1)): TestClock {
  let time = start;
  return { now: () => time, advance: (seconds) => (time += seconds * 1000) };
}

/** Everything the hooks and logger saw, to assert on counts and to look for leaks. */
export interface Recorded {
  events: string[];
  logs: string[];
  count(prefix: string): number;
}

export function recorder(): Recorded & Pick<ResolverOptions, 'metrics' | 'logger'> {
  const events: string[] = [];
  const logs: string[] = [];
  const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
    logs.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return {
    events,
    logs,
    count: (prefix) => events.filter((event) => event.startsWith(prefix)).length,
    metrics: {
      onHit: (labels) => events.push(`hit ${JSON.stringify(labels)}`),
      onMiss: (labels) => events.push(`miss ${JSON.stringify(labels)}`),
      onStale: (labels) => events.push(`stale ${JSON.stringify(labels)}`),
      onApiCall: (action, info) => events.push(`api ${action} ${JSON.stringify(info)}`),
      onError: (code, labels) => events.push(`error ${code} ${JSON.stringify(labels)}`),
    },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn') },
  };
}

export interface ResolverSetup {
  user?: string;
  connections?: VaultlineConfig['connections'];
  cache?: Partial<VaultlineConfig['vault']['cache']>;
  options?: ResolverOptions;
  accountId?: string;
}

/**
 * A resolver configured as a user would: an access-key vault whose endpoint is the
 * emulator, so every call goes over HTTP with a real SigV4 signature.
 */
export async function resolverFor(emu: TestEmulator, setup: ResolverSetup = {}): Promise<Resolver> {
  const { accessKeyId, secretAccessKey } = await emu.credentialsOf(setup.user ?? 'reader', ACCOUNT);
  const config: VaultlineConfig = {
    vault: {
      type: 'aws-secrets-manager',
      authType: 'access-key',
      region: REGION,
      endpoint: emu.url,
      accountId: setup.accountId ?? ACCOUNT,
      accessKeyId,
      secretAccessKey,
      cache: { ttlSeconds: 300, maxEntries: 1000, maxStaleSeconds: 900, ...setup.cache },
    },
    connections: setup.connections ?? {},
  } as VaultlineConfig;
  return createResolver(config, {
    maxAttempts: 1,
    requestTimeoutMs: 2000,
    ttlJitter: 0,
    ...setup.options,
  });
}

/** Secrets Manager calls counted by the emulator since the last reset, by action. */
export async function smCalls(emu: TestEmulator): Promise<Record<string, number>> {
  const counters = await emu.control.counters();
  return Object.fromEntries(
    Object.entries(counters)
      .filter(([action]) => action.startsWith('secretsmanager:'))
      .map(([action, count]) => [action.slice('secretsmanager:'.length), count]),
  );
}

/** Parameter Store calls counted by the emulator since the last reset, by action. */
export async function ssmCalls(emu: TestEmulator): Promise<Record<string, number>> {
  const counters = await emu.control.counters();
  return Object.fromEntries(
    Object.entries(counters)
      .filter(([action]) => action.startsWith('ssm:'))
      .map(([action, count]) => [action.slice('ssm:'.length), count]),
  );
}

/** What a resolver call rejects with, as the tests read it. */
export interface Rejection {
  code: ResolverErrorCode;
  message: string;
  hint?: string;
  cause?: unknown;
}

/** The ResolverError a promise rejects with (fails when it resolves). */
export const rejection = (promise: Promise<unknown>): Promise<Rejection> =>
  rejectionOf<Rejection>(promise);

/** An SDK client for a scenario user, for arranging state (deleting, describing). */
export async function adminClient(
  emu: TestEmulator,
  user = 'admin',
  account = ACCOUNT,
): Promise<SecretsManagerClient> {
  const credentials = await emu.credentialsOf(user, account);
  return new SecretsManagerClient({
    region: REGION,
    endpoint: emu.url,
    credentials,
    maxAttempts: 1,
  });
}

/** The full ARN of a secret, as its owner sees it. */
export async function arnOf(emu: TestEmulator, name: string, account = ACCOUNT): Promise<string> {
  const client = await adminClient(emu, account === ACCOUNT ? 'admin' : 'owner', account);
  try {
    const { ARN } = await client.send(new DescribeSecretCommand({ SecretId: name }));
    return ARN!;
  } finally {
    client.destroy();
  }
}
