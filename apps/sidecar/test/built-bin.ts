import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TOKEN } from './stack.js';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN_PATH = join(APP_DIR, 'dist', 'bin.js');

const newestSource = (dir: string): number =>
  Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(dir, entry.name))
        : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );

/** The bundled bin, rebuilt with tsup when missing or older than src/. */
export function ensureBuiltBin(): string {
  let built = 0;
  try {
    built = statSync(BIN_PATH).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newestSource(join(APP_DIR, 'src'))) {
    execFileSync('pnpm', ['exec', 'tsup'], { cwd: APP_DIR, stdio: 'ignore', timeout: 120_000 });
  }
  return BIN_PATH;
}

/** The built bin on a free port against the emulator, stdout and stderr piped. */
export function spawnBin(
  bin: string,
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  extraArgs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): ChildProcess {
  return spawn(
    process.execPath,
    [bin, '--http-port', '0', '--endpoint', endpoint, '--region', 'us-east-2', ...extraArgs],
    {
      env: {
        PATH: process.env.PATH,
        AWS_TOKEN: TOKEN,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * Every stdout line of the child as it comes (and its stderr, in chunks), its URL once
 * listening, its exit code, and when stdout has closed.
 */
export function readLines(child: ChildProcess) {
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  child.stderr?.on('data', (chunk) => lines.push(String(chunk)));
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    reader.on('line', (line) => {
      lines.push(line);
      // The agent's startup line is plain text; the log lines after it are JSON.
      if (!line.startsWith('{')) return;
      const parsed = JSON.parse(line) as { msg?: string; url?: string };
      if (parsed.msg === 'vaultline sidecar listening' && parsed.url) resolve(parsed.url);
    });
    void exitCode.then((code) =>
      reject(new Error(`bin exited early (${code}): ${lines.join('\n')}`)),
    );
  });
  const closed = new Promise<void>((resolve) => reader.once('close', resolve));
  return { lines, listening, exitCode, closed };
}
