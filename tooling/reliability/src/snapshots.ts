import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage']);

/**
 * Every snapshot file in the repository: `*.snap` files and whatever lies in a
 * `__snapshots__` directory (node_modules, dist and .git skipped).
 *
 * @example
 * findSnapshotFiles(repoRoot()); // ['packages/x/src/__snapshots__/a.test.ts.snap', ...]
 */
export function findSnapshotFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, inSnapshots: boolean) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, inSnapshots || entry.name === '__snapshots__');
      else if (entry.isFile() && (inSnapshots || entry.name.endsWith('.snap')))
        found.push(relative(root, path));
    }
  };
  walk(root, false);
  return found.sort();
}

/** Canary-shaped strings (`canary-...`) as the repository's test scenarios write them. */
export const CANARY_PATTERN = /canary-[A-Za-z0-9][A-Za-z0-9-]{3,}/g;

/**
 * Snapshot files holding a canary-shaped string: every test scenario marks its secret
 * values with `canary-...`, so a snapshot with one recorded a secret value.
 *
 * @example
 * snapshotsWithCanaries(repoRoot()); // [] when clean
 */
export function snapshotsWithCanaries(root: string): { files: string[]; leaking: string[] } {
  const files = findSnapshotFiles(root);
  const leaking = files.filter((file) => {
    CANARY_PATTERN.lastIndex = 0;
    return CANARY_PATTERN.test(readFileSync(join(root, file), 'utf8'));
  });
  return { files, leaking };
}
