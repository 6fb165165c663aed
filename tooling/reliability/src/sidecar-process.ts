import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { waitForFile } from './paths.js';

/** A sidecar started from its built bin, with every output line captured. */
export interface SidecarProcess {
  url: string;
  child: ChildProcess;
  /** Every stdout and stderr line so far (JSON log lines and anything else). */
  readonly lines: string[];
  /** Exit code or signal once it exited, undefined while running. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resident set size in bytes, from /proc; undefined when it cannot be read. */
  rssBytes(): number | undefined;
  /** Sends SIGTERM and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Options of {@link startSidecarProcess}. */
export interface SidecarProcessOptions {
  bin: string;
  args: string[];
  /** Options for node itself, before the bin (V8 flags, `--import` preloads). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  /** How long to wait for the `listening` log line. */
  startTimeoutMs?: number;
}

/**
 * Spawns `node ...nodeArgs <bin> ...args` with exactly `env` (plus PATH), waits for its
 * `vaultline sidecar listening` log line and returns its URL and captured output.
 *
 * @example
 * const sidecar = await startSidecarProcess({ bin, args: ['--http-port', '0'], env: { AWS_TOKEN: 't' } });
 * await sidecar.stop();
 */
export async function startSidecarProcess(options: SidecarProcessOptions): Promise<SidecarProcess> {
  await waitForFile(options.bin);
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), options.bin, ...options.args],
    {
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) =>
      child.once('exit', (code, signal) => {
        exited = { code, signal };
        resolve(exited);
      }),
  );
  let onListening: ((url: string) => void) | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    if (onListening && line.includes('vaultline sidecar listening')) {
      try {
        const url = (JSON.parse(line) as { url?: string }).url;
        if (url) onListening(url);
      } catch {
        // not JSON: keep waiting
      }
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `the sidecar did not log 'vaultline sidecar listening' within ${options.startTimeoutMs ?? 15_000} ms; its output:\n${lines.join('\n')}`,
        ),
      );
    }, options.startTimeoutMs ?? 15_000);
    onListening = (found) => {
      clearTimeout(timer);
      resolve(found);
    };
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the sidecar exited before listening (code ${code}, signal ${signal}); its output:\n${lines.join('\n')}`,
        ),
      );
    });
  });

  return {
    url,
    child,
    lines,
    exit: () => exited,
    rssBytes() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
        return match ? Number(match[1]) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop(timeoutMs = 25_000) {
      if (exited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exitPromise;
      clearTimeout(timer);
      return result;
    },
  };
}
