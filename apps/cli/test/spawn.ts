import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestEmulator } from '@vaultline/test-utils';
import { CLI } from './helpers.js';

export interface AsyncRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  /** Resolves when stdout (or stderr) has matched the pattern. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>;
  done: Promise<AsyncRun>;
  output(): { stdout: string; stderr: string };
}

/**
 * Starts `node dist/cli.js ...` without blocking this process's event loop (the emulator
 * the CLI talks to runs in this process).
 */
export function startVaultline(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Started {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  const done = new Promise<AsyncRun>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    output: () => ({ stdout, stderr }),
    waitFor(pattern, stream = 'stdout') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = (stream === 'stdout' ? stdout : stderr).match(pattern);
          if (match) resolve(match);
        };
        listeners.push(check);
        check();
        void done.then(() => reject(new Error(`exited before ${pattern}: ${stdout}\n${stderr}`)));
      });
    },
  };
}

/** Runs the CLI to completion, asynchronously. */
export function vaultlineAsync(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<AsyncRun> {
  return startVaultline(args, options).done;
}

/** Writes a config that reads the emulator as a scenario user (access-key auth). */
export async function writeEmulatorConfig(
  dir: string,
  emu: TestEmulator,
  options: { user?: string; region?: string; connections?: string; name?: string } = {},
): Promise<string> {
  const { accessKeyId, secretAccessKey } = await emu.credentialsOf(options.user ?? 'developer');
  const file = join(dir, options.name ?? 'vaultline.yaml');
  await writeFile(
    file,
    `vault:
  authType: access-key
  region: ${options.region ?? 'us-east-2'}
  endpoint: ${emu.url}
  accessKeyId: ${accessKeyId}
  secretAccessKey: ${secretAccessKey}
connections:
${
  options.connections ??
  `  orders-db:
    host: db.internal
    username: { secret: "prod/db:username" }
    password: { secret: "prod/db:password" }
    url: "postgres://app:\${secret:prod/db:password}@db.internal/orders"
  api:
    key: { secret: app/api-key }`
}
`,
    { mode: 0o600 },
  );
  return file;
}
