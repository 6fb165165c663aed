import type { ScenarioInput } from '@vaultline/emulator';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type ExampleScenario, startTestEmulator, type TestEmulator } from './emulator.js';

/** What {@link useTestEmulator} starts, and what it does between the tests of a file. */
export interface SharedEmulatorOptions {
  /** An example name (`'single-account'`), a file path, or a scenario object. */
  scenario?: ExampleScenario | string | ScenarioInput;
  /** Runs once, after the start: state every test of the file reads (ARNs, a deletion). */
  setUp?: (emulator: TestEmulator) => Promise<void> | void;
  /** Runs before each test, e.g. `(emu) => emu.control.reset()` so each sees the scenario as loaded. */
  beforeEach?: (emulator: TestEmulator) => Promise<void> | void;
  /** Runs after each test, e.g. to undo a fault or a scenario the test loaded. */
  afterEach?: (emulator: TestEmulator) => Promise<void> | void;
}

/**
 * One emulator for every test of a file: started in `beforeAll` (127.0.0.1, a random port),
 * closed in `afterAll`, with the hooks of `options` around each test. Call it at the top of
 * a file (or of a `describe`); the returned function gives the running emulator inside tests.
 *
 * @example
 * const emulator = useTestEmulator({
 *   scenario: 'single-account',
 *   beforeEach: (emu) => emu.control.reset(),
 * });
 * it('reads', async () => {
 *   const credentials = await emulator().credentialsOf('developer');
 * });
 */
export function useTestEmulator(options: SharedEmulatorOptions = {}): () => TestEmulator {
  let running: TestEmulator | undefined;
  const current = (): TestEmulator => {
    if (running === undefined) throw new Error('the emulator starts in beforeAll');
    return running;
  };
  beforeAll(async () => {
    running = await startTestEmulator({ scenario: options.scenario });
    await options.setUp?.(running);
  });
  // Awaited inside a block so that no hook hands vitest a value it would take for a cleanup.
  const { beforeEach: before, afterEach: after } = options;
  if (before) {
    beforeEach(async () => {
      await before(current());
    });
  }
  if (after) {
    afterEach(async () => {
      await after(current());
    });
  }
  afterAll(async () => {
    await running?.close();
  });
  return current;
}
