// Supported Node lines, and a project-local install of one from the npm registry.
// Shared by scripts/bootstrap.mjs (the README's commands) and tooling/scripts/node-lines.mjs
// (the other lines' checks in `npm test`). The node-<platform>-<arch> packages hold the
// official binaries; installing one runs no install script (the `node` package's preinstall
// would only install that same package).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const toolsDir = join(root, '.node');
export const SUPPORTED_LINES = [22, 24, 26];
export const DEFAULT_LINE = 24;

/** True for the Node versions vaultline supports: 22 from 22.12 on, 24 and later lines. */
export function isSupportedNode(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

/** `npm install` into prefix/node_modules without a package.json or lock file there. */
export function npmInstall(prefix, specs) {
  mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--no-save', '--no-package-lock', '--no-fund', '--no-audit'];
  const result = spawnSync(npm, [...args, '--loglevel=error', '--prefix', prefix, ...specs], {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    throw new Error(`npm install ${specs.join(' ')} failed (exit ${result.status}); check access to the npm registry and retry.`);
  }
}

/** What `command --version` prints, or '' when it does not run. */
export function versionOf(command, env = process.env) {
  try {
    return execFileSync(command, ['--version'], { env, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

/** The bin folder of the newest release of a Node line, installed in .node/ when missing. */
export function installNodeLine(line) {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  const pkg = `node-${os}-${process.arch}`;
  const prefix = join(toolsDir, `node-${line}`);
  const binDir = join(prefix, 'node_modules', pkg, ...(os === 'win' ? [] : ['bin']));
  const binary = join(binDir, os === 'win' ? 'node.exe' : 'node');
  if (!existsSync(binary)) npmInstall(prefix, [`${pkg}@${line}`]);
  const version = versionOf(binary);
  if (!version) throw new Error(`the Node ${line} binary installed in ${prefix} does not run on this machine.`);
  return { binDir, version };
}
