// Which packages a consumer can install, and what each one exports: read from the workspace
// itself (pnpm's list and each package.json), so a new public package is checked too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, failureOf, run } from './process.mjs';

/** Every workspace package without "private": true, as { name, version, path }, by name. */
export async function publicPackages(root) {
  const result = await run('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], {
    cwd: root,
    env: childEnv(),
    timeoutMs: 60_000,
  });
  if (result.code !== 0) throw new Error(`pnpm -r ls failed, ${failureOf(result, 60_000)}`);
  return JSON.parse(result.stdout)
    .map(({ path }) => ({
      path,
      manifest: JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ path, manifest }) => ({ name: manifest.name, version: manifest.version, path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The subpaths of a manifest's "exports" ('.', './iam', './package.json', ...), patterns left out. */
export function entryPoints(manifest) {
  const { exports } = manifest;
  if (exports === undefined) return manifest.main ? ['.'] : [];
  if (typeof exports === 'string' || Array.isArray(exports)) return ['.'];
  const keys = Object.keys(exports);
  if (!keys.some((key) => key.startsWith('.'))) return ['.'];
  return keys.filter((key) => key.startsWith('.') && !key.includes('*'));
}

/** '@vaultline/auth' + './role-based' -> '@vaultline/auth/role-based' */
export const specifierOf = (name, entry) => (entry === '.' ? name : `${name}/${entry.slice(2)}`);

export const isJsonEntry = (entry) => entry.endsWith('.json');

/** True when the export of `entry` names a `types` file (or, for '.', the manifest does). */
export function declaresTypes(manifest, entry) {
  const has = (target) =>
    target !== null &&
    typeof target === 'object' &&
    ('types' in target || Object.values(target).some(has));
  const target =
    typeof manifest.exports === 'object' && entry in manifest.exports
      ? manifest.exports[entry]
      : entry === '.'
        ? manifest.exports
        : undefined;
  return has(target) || (entry === '.' && Boolean(manifest.types ?? manifest.typings));
}
