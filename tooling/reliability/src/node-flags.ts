import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The node flags the sidecar is deployed with, read from the `CMD` of
 * `apps/sidecar/deploy/Dockerfile` (its JSON array: every entry starting with `--`), so the
 * suite runs the sidecar as production does and follows when the deployment changes.
 * The flags shape the heap (young generation size, growth steps) and so every memory figure.
 *
 * @example
 * deploymentNodeFlags(repoRoot()); // ['--max-semi-space-size=1', '--heap-growing-percent=10']
 */
export function deploymentNodeFlags(root: string): string[] {
  const path = join(root, 'apps', 'sidecar', 'deploy', 'Dockerfile');
  const text = readFileSync(path, 'utf8');
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(text)?.[1];
  let entries: unknown;
  try {
    entries = cmd === undefined ? undefined : JSON.parse(cmd);
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
    throw new Error(
      `expected ${path} to end with a CMD in JSON form such as CMD ["--max-semi-space-size=1", "dist/bin.js"], found ${cmd ?? 'no CMD line'}: the reliability suite starts the sidecar with the node flags given there`,
    );
  }
  return (entries as string[]).filter((entry) => entry.startsWith('--'));
}
