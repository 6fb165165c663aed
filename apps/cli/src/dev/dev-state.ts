import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEV_DIR } from '../emulator-state.js';

/** What `vaultline dev` keeps between runs, so the commands it prints stay the same. */
export interface DevSettings {
  /** The emulator's port. */
  port?: number;
  /** The sidecar's port. */
  sidecarPort?: number;
  /** The sidecar's token (the emulator's, for a local sidecar; never an AWS credential). */
  token?: string;
}

export const DEV_SETTINGS_FILE = 'dev.json';

/**
 * The settings of the last `vaultline dev` in `cwd` (`.vaultline-dev/dev.json`); empty when
 * there are none or the file is unreadable.
 *
 * @example
 * const { port, token } = await readDevSettings(process.cwd());
 */
export async function readDevSettings(cwd: string): Promise<DevSettings> {
  try {
    const saved = JSON.parse(await readFile(join(cwd, DEV_DIR, DEV_SETTINGS_FILE), 'utf8'));
    return {
      ...(Number.isInteger(saved.port) ? { port: saved.port } : {}),
      ...(Number.isInteger(saved.sidecarPort) ? { sidecarPort: saved.sidecarPort } : {}),
      ...(typeof saved.token === 'string' ? { token: saved.token } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Writes `.vaultline-dev/dev.json` (mode 0600: it holds the sidecar token).
 *
 * @example
 * await writeDevSettings(process.cwd(), { port: 4510, sidecarPort: 2773, token });
 */
export async function writeDevSettings(cwd: string, settings: DevSettings): Promise<string> {
  const dir = join(cwd, DEV_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, DEV_SETTINGS_FILE);
  await writeFile(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}
