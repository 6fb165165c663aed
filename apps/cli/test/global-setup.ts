import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(APP, 'dist', 'cli.js');
// What dist/ is built from: this app and the packages it inlines (the sidecar among them).
const SOURCES = [
  join(APP, 'src'),
  join(APP, 'package.json'),
  join(APP, 'tsup.config.ts'),
  join(APP, 'build'),
  join(APP, '..', 'sidecar', 'src'),
  join(APP, '..', '..', 'examples', 'scenarios'),
  ...['config', 'secret-names', 'auth', 'resolver', 'diagnose', 'policies', 'emulator'].map(
    (name) => join(APP, '..', '..', 'packages', name, 'src'),
  ),
];

const newest = (path: string): number => {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
};

/** Builds dist/ when dist/cli.js is missing or older than its sources (CI builds it first). */
export default function setup(): void {
  const built = statSync(CLI, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > Math.max(...SOURCES.map(newest))) return;
  execFileSync('pnpm', ['exec', 'tsup', '--silent'], { cwd: APP, stdio: 'inherit' });
}
