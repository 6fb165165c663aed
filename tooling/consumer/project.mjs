// The consumer's side: tarballs made by `pnpm pack` (which turns workspace:^ into versions),
// installed with npm into a fresh project in the system's temp folder, far from the workspace.
import { existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { failureOf, run } from './process.mjs';

const PACK_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 300_000;

/** Packs each package into `destination`; resolves the tarball paths in the same order. */
export function packAll(packages, destination) {
  mkdirSync(destination, { recursive: true });
  return Promise.all(
    packages.map(async ({ name, path }) => {
      const result = await run('pnpm', ['pack', '--pack-destination', destination, '--json'], {
        cwd: path,
        timeoutMs: PACK_TIMEOUT_MS,
      });
      if (result.code !== 0)
        throw new Error(`pnpm pack of ${name}: ${failureOf(result, PACK_TIMEOUT_MS)}`);
      // --json prints one object; lifecycle scripts, if any, print before it
      return JSON.parse(result.stdout.slice(result.stdout.search(/^\{/m))).filename;
    }),
  );
}

/** A folder above `dir` holding node_modules would let the project resolve what it did not install. */
export function strayNodeModules(dir) {
  const found = [];
  for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
    if (existsSync(join(parent, 'node_modules'))) found.push(join(parent, 'node_modules'));
  }
  if (existsSync('/node_modules')) found.push('/node_modules');
  return found;
}

/** `npm init -y`, then one `npm install` of the tarballs and the registry packages given. */
export async function createNpmProject(dir, tarballs, registryPackages) {
  mkdirSync(dir, { recursive: true });
  const init = await run('npm', ['init', '-y'], { cwd: dir, timeoutMs: 60_000 });
  if (init.code !== 0) throw new Error(`npm init -y: ${failureOf(init, 60_000)}`);
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  const install = await run('npm', [...args, ...tarballs, ...registryPackages], {
    cwd: dir,
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  if (install.code !== 0) throw new Error(`npm install: ${failureOf(install, INSTALL_TIMEOUT_MS)}`);
}

/** The installed package.json of `name`, and a check that npm copied it rather than linked it. */
export function installedManifest(projectDir, name) {
  const dir = join(projectDir, 'node_modules', ...name.split('/'));
  if (lstatSync(dir).isSymbolicLink()) throw new Error(`${dir} is a symbolic link, not an install`);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}
