#!/usr/bin/env node
// Brings a fresh clone to a runnable state: pnpm, dependencies, then builds.
// Both README commands call it, so a machine with only Node and npm needs nothing else.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PNPM_VERSION = JSON.parse(readFileSync('package.json', 'utf8')).packageManager.split('@')[1];
const run = (cmd) =>
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
const quiet = (cmd) => {
  try {
    return execSync(cmd, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `vaultline needs Node >= 20.19; this is ${process.versions.node}. Install a newer Node and retry.`,
  );
  process.exit(1);
}

if (quiet('pnpm --version') !== PNPM_VERSION) {
  console.log(`> installing pnpm@${PNPM_VERSION} (npm i -g)`);
  run(`npm install --global --no-fund --no-audit pnpm@${PNPM_VERSION}`);
}

console.log('> pnpm install');
run(`pnpm install ${existsSync('pnpm-lock.yaml') ? '--frozen-lockfile' : ''} --reporter=append-only`);
console.log('> building packages');
run('pnpm exec turbo run build --output-logs=errors-only');
