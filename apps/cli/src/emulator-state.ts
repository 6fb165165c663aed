import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.js';

/** Where `vaultline emulator` and `vaultline dev` keep what other commands need (gitignored). */
export const DEV_DIR = '.vaultline-dev';
export const EMULATOR_STATE_FILE = 'emulator.json';

/** The running emulator: its URL and control token. */
export interface EmulatorState {
  url: string;
  controlToken: string;
  scenario?: string;
  pid?: number;
}

/**
 * Writes the emulator's URL and control token to `.vaultline-dev/emulator.json` (mode 0600)
 * and returns the file's path.
 *
 * @example
 * await writeEmulatorState(process.cwd(), { url: emu.url, controlToken: emu.controlToken });
 */
export async function writeEmulatorState(cwd: string, state: EmulatorState): Promise<string> {
  const dir = join(cwd, DEV_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, '.gitignore'), '*\n');
  const file = join(dir, EMULATOR_STATE_FILE);
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

const STATE_PATH = join(DEV_DIR, EMULATOR_STATE_FILE);
const START_HINT =
  "start it with 'vaultline emulator' (or 'vaultline dev') in this directory, and keep it running";

/** False when no process has this id any more (EPERM: it exists, owned by someone else). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The error for an emulator that was recorded but is gone (stopped, crashed, or a stale
 * emulator.json left behind): says so and how to start it.
 *
 * @example
 * throw emulatorNotRunning(state);
 */
export function emulatorNotRunning(state: EmulatorState): CliError {
  return new CliError(
    'EMULATOR_NOT_RUNNING',
    `the emulator recorded in ${STATE_PATH} (${state.url}${state.pid ? `, pid ${state.pid}` : ''}) is not running`,
    { hint: START_HINT },
  );
}

/**
 * Reads `.vaultline-dev/emulator.json`, or throws a CliError saying to start the emulator,
 * also when the process that wrote it has ended.
 *
 * @example
 * const { url, controlToken } = await readEmulatorState(process.cwd());
 */
export async function readEmulatorState(cwd: string): Promise<EmulatorState> {
  const file = join(cwd, STATE_PATH);
  let state: EmulatorState;
  try {
    state = JSON.parse(await readFile(file, 'utf8')) as EmulatorState;
  } catch {
    throw new CliError('EMULATOR_NOT_RUNNING', `no running emulator recorded in ${STATE_PATH}`, {
      hint: START_HINT,
    });
  }
  if (typeof state.pid === 'number' && !processExists(state.pid)) throw emulatorNotRunning(state);
  return state;
}
