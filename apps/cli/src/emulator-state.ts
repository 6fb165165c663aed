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

/**
 * Reads `.vaultline-dev/emulator.json`, or throws a CliError saying to start the emulator.
 *
 * @example
 * const { url, controlToken } = await readEmulatorState(process.cwd());
 */
export async function readEmulatorState(cwd: string): Promise<EmulatorState> {
  const file = join(cwd, DEV_DIR, EMULATOR_STATE_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmulatorState;
  } catch {
    throw new CliError(
      'USAGE',
      `no running emulator recorded in ${join(DEV_DIR, EMULATOR_STATE_FILE)}`,
      {
        hint: "start one with 'vaultline emulator' (or 'vaultline dev') in this directory first",
      },
    );
  }
}
