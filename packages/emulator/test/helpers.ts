// The emulator's own test harness. Other packages' tests use @vaultline/test-utils, which
// depends on the emulator; the emulator cannot depend on it back (turbo refuses a cycle in
// the package graph), so the same shapes live here, small.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningEmulator, type ScenarioInput, startEmulator } from '../src/index.js';

/** Path of an example scenario of the repository. */
export const scenarioPath = (name: string): string =>
  fileURLToPath(new URL(`../../../examples/scenarios/${name}.yaml`, import.meta.url));

/** Starts the emulator with an example scenario (127.0.0.1, random port). */
export const startWith = (name: string) => startEmulator({ scenario: scenarioPath(name) });

/** What {@link useEmulator} does around the tests of a file. */
export interface FileEmulatorOptions {
  /** After the start: clients and state every test uses. */
  setUp?: (emulator: RunningEmulator) => Promise<void> | void;
  /** Before the close: destroy those clients. */
  tearDown?: () => void;
  /** Back to the scenario as loaded (state, faults, counters) before each test. */
  resetBeforeEach?: boolean;
}

/**
 * One emulator for every test of a file (127.0.0.1, random port), closed after the last;
 * `scenario` is an example name or a scenario object. The returned function gives it.
 *
 * @example
 * const emulator = useEmulator('single-account', { resetBeforeEach: true });
 */
export function useEmulator(
  scenario: string | ScenarioInput,
  options: FileEmulatorOptions = {},
): () => RunningEmulator {
  let running: RunningEmulator | undefined;
  const current = (): RunningEmulator => {
    if (running === undefined) throw new Error('the emulator starts in beforeAll');
    return running;
  };
  beforeAll(async () => {
    running = await (typeof scenario === 'string'
      ? startWith(scenario)
      : startEmulator({ scenario }));
    await options.setUp?.(running);
  });
  if (options.resetBeforeEach) {
    beforeEach(async () => {
      await current().control.reset();
    });
  }
  afterAll(async () => {
    options.tearDown?.();
    await running?.close();
  });
  return current;
}

/** What a call rejects with; fails the test when it succeeds. */
export async function failureOf<T = Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the call to fail');
}
