import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN_PATH = join(APP_DIR, 'dist', 'bin.js');

const newestSource = (dir: string): number =>
  Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(dir, entry.name))
        : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );

/** The bundled bin, rebuilt with tsup when missing or older than src/. */
export function ensureBuiltBin(): string {
  let built = 0;
  try {
    built = statSync(BIN_PATH).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newestSource(join(APP_DIR, 'src'))) {
    execFileSync('pnpm', ['exec', 'tsup'], { cwd: APP_DIR, stdio: 'ignore', timeout: 120_000 });
  }
  return BIN_PATH;
}
