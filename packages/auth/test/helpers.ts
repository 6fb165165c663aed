import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createEmulatorRequestHandler } from '@vaultline/emulator';
import { startTestEmulator, type TestEmulator, useTestEmulator } from '@vaultline/test-utils';
import type { AuthOptions, RoleBasedVaultInput } from '../src/index.js';

export const ACCOUNT = '333333333333';
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const assumedRoleArn = (role: string, session: string) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;
export const PARTNER_EXTERNAL_ID = 'vaultline-partner-7731';
export const HOSTNAME = 'test-host.example';
export const SESSION = 'vaultline-test-host.example';

/** The scenario of the auth tests: roles, users, an instance profile and a probe secret. */
export const AUTH_SCENARIO = join(
  dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'auth-scenario.yaml',
);

/** The auth scenario on a fresh emulator (127.0.0.1, random port). */
export function startAuthEmulator(): Promise<TestEmulator> {
  return startTestEmulator({ scenario: AUTH_SCENARIO });
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
  return useTestEmulator({
    scenario: AUTH_SCENARIO,
    ...(options.resetAfterEach ? { afterEach: (emu) => resetEmulator(emu) } : {}),
  });
}

const resetEmulator = async (emu: TestEmulator): Promise<void> => {
  await emu.control.reset();
};

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

/**
 * Polls in real time until `done()` holds, for at most `ms`: node:timers/promises keeps its
 * own timers, so this waits even while a test fakes setTimeout.
 */
export async function untilReal(done: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`gave up after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** How a promise settled, readable without awaiting it (while a test moves a fake clock). */
export interface Settlement {
  settled: boolean;
  error?: unknown;
}

/** Records how `attempt` settles; see {@link untilReal} to wait for it. */
export function watchSettlement(attempt: Promise<unknown>): Settlement {
  const state: Settlement = { settled: false };
  attempt.then(
    () => Object.assign(state, { settled: true }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}
