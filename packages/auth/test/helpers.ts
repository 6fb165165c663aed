import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulatorRequestHandler } from '@vaultline/emulator';
import { startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AuthOptions, RoleBasedVaultInput } from '../src/index.js';

export const ACCOUNT = '333333333333';
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const assumedRoleArn = (role: string, session: string) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;
export const PARTNER_EXTERNAL_ID = 'vaultline-partner-7731';
export const HOSTNAME = 'test-host.example';
export const SESSION = 'vaultline-test-host.example';

const SCENARIO = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'auth-scenario.yaml');

/** The auth scenario on a fresh emulator (127.0.0.1, random port). */
export function startAuthEmulator(): Promise<TestEmulator> {
  return startTestEmulator({ scenario: SCENARIO });
}

/**
 * The auth scenario's emulator for every test of a file: started once, closed at the end,
 * and with `resetAfterEach` its state and counters reset after each test.
 *
 * @example
 * const emulator = useAuthEmulator({ resetAfterEach: true });
 * it('...', async () => { viaEmulator(emulator()); });
 */
export function useAuthEmulator(options: { resetAfterEach?: boolean } = {}): () => TestEmulator {
  let emu: TestEmulator | undefined;
  beforeAll(async () => {
    emu = await startAuthEmulator();
  });
  if (options.resetAfterEach) afterEach(() => emu?.control.reset());
  afterAll(() => emu?.close());
  return () => {
    if (emu === undefined) throw new Error('the emulator starts in beforeAll');
    return emu;
  };
}

/** A role-based vault that assumes `role` of the scenario, with the emulator as IMDS. */
export function roleBasedVault(
  emu: TestEmulator,
  role: string,
  extra: Partial<RoleBasedVaultInput> = {},
): RoleBasedVaultInput {
  return {
    authType: 'role-based',
    region: 'us-east-2',
    iamRole: roleArn(role),
    instanceMetadata: { endpoint: emu.url },
    ...extra,
  };
}

/**
 * Options that send every STS request to the emulator while the SDK keeps signing for the
 * real AWS host (so the emulator applies that host's region rules).
 */
export function viaEmulator(emu: TestEmulator, extra: AuthOptions = {}): AuthOptions {
  return { requestHandler: createEmulatorRequestHandler(emu.url), hostname: HOSTNAME, ...extra };
}

/** A local port that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `fn` and returns what it threw (fails the test when it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a result');
}
