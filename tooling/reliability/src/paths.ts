import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest directory above this file with pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    dir = parent;
  }
  return dir;
}

/** Paths of the built sidecar and CLI bins; fails with what to run when one is missing. */
export function builtBins(root = repoRoot()): { sidecar: string; cli: string } {
  const sidecar = join(root, 'apps', 'sidecar', 'dist', 'bin.js');
  const cli = join(root, 'apps', 'cli', 'dist', 'cli.js');
  for (const path of [sidecar, cli]) {
    if (!existsSync(path)) {
      throw new Error(
        `expected the built bin ${path}, found nothing: run \`pnpm build\` (or \`pnpm reliability\`, which builds first)`,
      );
    }
  }
  return { sidecar, cli };
}

/**
 * Waits until `path` exists (another build may be rewriting a bin right now), up to
 * `timeoutMs`; resolves either way, so the spawn that follows reports a missing file itself.
 *
 * @example
 * await waitForFile(bins.sidecar);
 */
export async function waitForFile(path: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!existsSync(path) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
