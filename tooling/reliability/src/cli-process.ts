import { spawn } from 'node:child_process';
import { waitForFile } from './paths.js';

/** What a CLI run printed and how it ended. */
export interface CliRun {
  args: string[];
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

/**
 * Runs `node <bin> ...args` with exactly `env` (plus PATH), killing it after `timeoutMs`.
 *
 * @example
 * const run = await runCli(bins.cli, ['validate', '--config', path], { env: {} });
 */
export async function runCli(
  bin: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  await waitForFile(bin);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, stdout, stderr, code, timedOut });
    });
  });
}
