import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type RunningEmulator,
  type ScenarioInput,
  startEmulator,
  type UserCredentials,
} from '@vaultline/emulator';

/** Names of the scenarios in examples/scenarios/ (without `.yaml`). */
export type ExampleScenario = 'single-account' | 'role-based-self-assume' | 'cross-account';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of an example scenario file. */
export const exampleScenarioPath = (name: ExampleScenario | string): string =>
  join(REPO_ROOT, 'examples', 'scenarios', `${name}.yaml`);

/** A running test emulator plus shortcuts for credentials. */
export interface TestEmulator extends RunningEmulator {
  /** The static key pair of a scenario user, shaped for an SDK client's `credentials`. */
  credentialsOf(
    userName: string,
    accountId?: string,
  ): Promise<{ accessKeyId: string; secretAccessKey: string }>;
  /** Full user record (name, account, ARN, key pair). */
  user(userName: string, accountId?: string): Promise<UserCredentials>;
}

/**
 * Starts an emulator on 127.0.0.1 with a random port for one test; dispose to stop it.
 * `scenario` is an example name (`'single-account'`), a file path, or a scenario object.
 *
 * @example
 * await using emu = await startTestEmulator({ scenario: 'single-account' });
 * const credentials = await emu.credentialsOf('developer');
 * const client = new SecretsManagerClient({ endpoint: emu.url, region: 'us-east-2', credentials });
 */
export async function startTestEmulator(
  options: { scenario?: ExampleScenario | string | ScenarioInput } = {},
): Promise<TestEmulator> {
  let scenario = options.scenario;
  if (typeof scenario === 'string' && !scenario.includes('/') && !scenario.endsWith('.yaml')) {
    const path = exampleScenarioPath(scenario);
    if (!existsSync(path)) throw new Error(`no example scenario '${scenario}' at ${path}`);
    scenario = path;
  }
  const emu = await startEmulator({ host: '127.0.0.1', port: 0, scenario });
  const user = (name: string, accountId?: string) => emu.control.userCredentials(name, accountId);
  return {
    ...emu,
    user,
    async credentialsOf(name, accountId) {
      const { accessKeyId, secretAccessKey } = await user(name, accountId);
      return { accessKeyId, secretAccessKey };
    },
  };
}
