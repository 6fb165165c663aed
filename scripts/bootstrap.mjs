#!/usr/bin/env node
// Brings a fresh clone to a runnable state and runs one of the root package's scripts in it:
//   node scripts/bootstrap.mjs <script>      (npm start and npm test call it)
// It needs only Node and npm on PATH, of any version that can run this file:
// - a supported Node: the one on PATH when it is 22.12+, 24 or 26; otherwise Node 24 from the
//   npm registry, installed into .node/ in this clone (VAULTLINE_NODE=22|24|26 asks for a line);
// - pnpm at package.json's packageManager version, installed into .node/ when the one on PATH
//   differs (corepack cannot read this registry's metadata);
// - dependencies and a build.
// The script then runs with that Node and pnpm first on PATH, so turbo, vitest and everything
// they start use them too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  DEFAULT_LINE,
  SUPPORTED_LINES,
  installNodeLine,
  isSupportedNode,
  npmInstall,
  root,
  toolsDir,
  versionOf,
} from './node-install.mjs';

const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const say = (line) => console.log(`> ${line}`);

/** The bin folder of the Node to run with: '' when the one running this file will do. */
function nodeBinDir() {
  const requested = process.env.VAULTLINE_NODE;
  const current = process.versions.node;
  if (requested === undefined || requested === '') {
    if (isSupportedNode(current)) return '';
    const { binDir, version } = installNodeLine(DEFAULT_LINE);
    say(`Node ${current} on PATH is older than 22.12; using Node ${version} from ${binDir}`);
    return binDir;
  }
  const line = Number(requested);
  if (!SUPPORTED_LINES.includes(line)) {
    throw new Error(`VAULTLINE_NODE=${requested} is not a supported Node line; use one of ${SUPPORTED_LINES.join(', ')}.`);
  }
  if (Number(current.split('.')[0]) === line && isSupportedNode(current)) return '';
  const { binDir, version } = installNodeLine(line);
  say(`VAULTLINE_NODE=${line}: using Node ${version} from ${binDir}`);
  return binDir;
}

/** A setting of the npm on PATH, as the machine has it ('' when npm cannot say). */
function npmConfig(key) {
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    return execFileSync(npm, ['config', 'get', key], { stdio: ['ignore', 'pipe', 'ignore'], shell: process.platform === 'win32' })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

/** The bin folder of pnpm at the pinned version: '' when the one on PATH is that version. */
function pnpmBinDir(env) {
  if (versionOf('pnpm', env) === PNPM_VERSION) return '';
  const prefix = join(toolsDir, `pnpm-${PNPM_VERSION}`);
  const binDir = join(prefix, 'node_modules', '.bin');
  if (!existsSync(join(binDir, 'pnpm'))) {
    say(`installing pnpm@${PNPM_VERSION} into ${prefix}`);
    npmInstall(prefix, [`pnpm@${PNPM_VERSION}`]);
  }
  return binDir;
}

function main() {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
  const nodeDir = nodeBinDir();
  if (nodeDir) {
    // npm reads its global npmrc from the prefix of the node running it, so under the Node in
    // .node/ it would lose the machine's settings (registry, proxy, cafile). Keep them.
    const globalConfig = npmConfig('globalconfig');
    if (globalConfig && existsSync(globalConfig) && !env.npm_config_globalconfig) {
      env.npm_config_globalconfig = globalConfig;
    }
    env.PATH = `${nodeDir}${delimiter}${env.PATH}`;
  }
  const pnpmDir = pnpmBinDir(env);
  if (pnpmDir) env.PATH = `${pnpmDir}${delimiter}${env.PATH}`;
  const pnpm = (args) => {
    const result = spawnSync('pnpm', args, { stdio: 'inherit', env, cwd: root, shell: process.platform === 'win32' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  };
  say('pnpm install');
  pnpm(['install', ...(existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : []), '--reporter=append-only']);
  say('building packages');
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  const [script, ...args] = process.argv.slice(2);
  if (script) pnpm(['run', '--silent', script, ...args]);
}

try {
  main();
} catch (error) {
  console.error(`bootstrap: ${error.message}`);
  process.exit(1);
}
