import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulatorRequestHandler } from '@vaultline/emulator';
import { startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import type { AuthOptions } from '../src/index.js';

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
