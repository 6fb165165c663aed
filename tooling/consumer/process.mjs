// Child processes of the consumer test: each bounded by a timeout, each killed with its whole
// process group (npm and the CLI start children of their own), none left behind on exit.
import { spawn } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { oneLine } from './report.mjs';

const live = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130));
}

/** The last part of some output, on one line, for a failure reason. */
export const tail = (text, max = 500) => oneLine(String(text).slice(-max), max + 10);

const NPM_NETWORK_SETTINGS =
  /^npm_config_(registry|cache|userconfig|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$/i;

/**
 * The environment of every child: the running `node` first on PATH (so `#!/usr/bin/env node`
 * bins run on the Node under test), nothing of this machine's AWS or vaultline set-up (so no
 * check can reach real AWS or read a developer's profile), and none of the npm_* variables a
 * pnpm script sets (they would steer npm in the consumer project).
 */
export function childEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|VAULTLINE_)/.test(key)) continue;
    // npm's settings for reaching the registry stay (under `pnpm run` they arrive as
    // npm_config_* variables: pnpm points npm_config_globalconfig at its own rc file, and the
    // machine's cafile or proxy would otherwise be lost); every other npm_* variable goes.
    if (/^npm_/i.test(key) && !NPM_NETWORK_SETTINGS.test(key)) continue;
    env[key] = value;
  }
  env.PATH = [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter);
  env.NO_COLOR = '1';
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.AWS_CONFIG_FILE = '/nonexistent/vaultline-consumer/aws-config';
  env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/vaultline-consumer/aws-credentials';
  return { ...env, ...extra };
}

/** Runs a command to its end: { code, signal, stdout, stderr, timedOut }; never rejects. */
export function run(command, args, { cwd, env = childEnv(), timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    const settle = (code, signal, extra = '') => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, signal, stdout, stderr: stderr + extra, timedOut });
    };
    child.on('error', (error) => settle(null, null, `\n${error.message}`));
    child.on('close', (code, signal) => settle(code, signal));
    child.stdin.on('error', () => {}).end(input);
  });
}

/**
 * What a Node error report says went wrong: the `XError: message` line, its `code` and its
 * `[cause]` line; else the output's last part.
 */
export function errorSummary(text) {
  const lines = text.split('\n');
  const headline = lines.find((line) => /^\w*(Error|Exception)( \[\w+\])?: /.test(line));
  if (!headline) return tail(text.trim() || '(no output)');
  const details = lines
    .filter((line) => /^\s+(code: '|\[cause\]: )/.test(line))
    .map((line) => line.trim());
  return [headline, ...details].join(' ');
}

/** Why a finished command failed, in one line: exit code or timeout, and what it said. */
export function failureOf(result, timeoutMs) {
  const how = result.timedOut
    ? `timed out after ${timeoutMs / 1000} s`
    : `exit ${result.signal ?? result.code}`;
  if (result.stderr.trim()) return `${how}: ${errorSummary(result.stderr)}`;
  return `${how}, nothing on stderr; the output ends: ${tail(result.stdout.trim() || '(none)', 300)}`;
}

/**
 * Starts a long-running command and waits until its output (stdout and stderr) matches
 * `ready`. Resolves { match, output(), stop() }; stop() sends SIGTERM, then SIGKILL after 5 s,
 * and resolves { code, signal }. Rejects (with the process stopped) when the command exits or
 * stays silent past the timeout.
 */
export function startServer(command, args, { cwd, env = childEnv(), ready, timeoutMs = 20_000 }) {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const stop = async () => {
    if (live.has(child)) killGroup(child, 'SIGTERM');
    const force = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    const result = await exited;
    clearTimeout(force);
    return result;
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop().then(() => reject(new Error(`${why}; output: ${tail(output || '(none)')}`)));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs / 1000} s`), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = settled ? null : ready.exec(output);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      resolve({ match, output: () => output, stop });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (error) => fail(error.message));
    exited.then(({ code, signal }) => fail(`exited (${signal ?? code}) before it was ready`));
  });
}
