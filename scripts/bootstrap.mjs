#!/usr/bin/env node
// Brings a fresh clone to a runnable state and runs one of the root package's scripts in it:
//   node scripts/bootstrap.mjs <script>      (npm start / npm test call it)
// It needs only Node and npm on PATH, of any version that can run this file:
// - a supported Node (22 >= 22.12, 24, 26): the one on PATH, or else Node 24 installed from
//   the npm registry (the node-<platform>-<arch> package, which holds the official binary)
//   into .node/ in this clone; VAULTLINE_NODE=22|24|26 asks for that line explicitly;
// - pnpm at the version of package.json's packageManager, installed into .node/ when the one
//   on PATH differs (corepack cannot read this registry's metadata);
// - dependencies and a build.
// Everything after runs with that Node and pnpm first on PATH, so turbo, vitest and the
// scripts they start use them too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const toolsDir = join(root, '.node');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const PNPM_VERSION = manifest.packageManager.split('@')[1];
const DEFAULT_LINE = 24;
const SUPPORTED_LINES = [22, 24, 26];

const say = (line) => console.log(`> ${line}`);
const fail = (line) => {
  console.error(`bootstrap: ${line}`);
  process.exit(1);
};

/** True for the Node lines vaultline supports: 22 from 22.12 on, 24, 26 and later. */
function isSupportedNode(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

function npmInstall(prefix, specs) {
  mkdirSync(prefix, { recursive: true });
  // --prefix with no package.json there installs into prefix/node_modules and saves nothing.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--no-save', '--no-package-lock', '--no-fund', '--no-audit', '--loglevel=error', '--prefix', prefix, ...specs],
    { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' },
  );
  if (result.status !== 0) fail(`npm install ${specs.join(' ')} failed (exit ${result.status}); check access to the npm registry and retry.`);
}

function versionOf(command, args = ['--version'], env = process.env) {
  try {
    return execFileSync(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}

/** The bin folder of a supported Node: '' when the one running us will do. */
function nodeBinDir() {
  const wanted = process.env.VAULTLINE_NODE ? Number(process.env.VAULTLINE_NODE) : undefined;
  if (wanted !== undefined && !SUPPORTED_LINES.includes(wanted)) {
    fail(`VAULTLINE_NODE=${process.env.VAULTLINE_NODE} is not a supported Node line; use one of ${SUPPORTED_LINES.join(', ')}.`);
  }
  const current = process.versions.node;
  if (wanted === undefined && isSupportedNode(current)) return '';
  if (wanted !== undefined && Number(current.split('.')[0]) === wanted && isSupportedNode(current)) return '';
  const line = wanted ?? DEFAULT_LINE;
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const prefix = join(toolsDir, `node-${line}`);
  const binDir = process.platform === 'win32' ? join(prefix, 'node_modules', pkg) : join(prefix, 'node_modules', pkg, 'bin');
  const binary = join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(binary)) npmInstall(prefix, [`${pkg}@${line}`]);
  const installed = versionOf(binary);
  if (!installed) fail(`the Node ${line} binary installed in ${prefix} does not run on this machine.`);
  say(
    wanted === undefined
      ? `Node ${current} on PATH is older than 22.12; using Node ${installed} from ${binDir}`
      : `VAULTLINE_NODE=${line}: using Node ${installed} from ${binDir}`,
  );
  return binDir;
}

/** The bin folder of pnpm at the pinned version: '' when the one on PATH is that version. */
function pnpmBinDir(env) {
  if (versionOf('pnpm', ['--version'], env) === PNPM_VERSION) return '';
  const prefix = join(toolsDir, `pnpm-${PNPM_VERSION}`);
  const binDir = join(prefix, 'node_modules', '.bin');
  if (!existsSync(join(binDir, 'pnpm'))) {
    say(`installing pnpm@${PNPM_VERSION} into ${prefix}`);
    npmInstall(prefix, [`pnpm@${PNPM_VERSION}`]);
  }
  return binDir;
}

const script = process.argv[2];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1' };
const nodeDir = nodeBinDir();
if (nodeDir) env.PATH = `${nodeDir}${delimiter}${env.PATH}`;
const pnpmDir = pnpmBinDir(env);
if (pnpmDir) env.PATH = `${pnpmDir}${delimiter}${env.PATH}`;

const run = (args) => {
  const result = spawnSync('pnpm', args, { stdio: 'inherit', env, cwd: root, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

say('pnpm install');
run(['install', ...(existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : []), '--reporter=append-only']);
say('building packages');
run(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
if (script) run(['run', '--silent', script, ...process.argv.slice(3)]);
