import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ScenarioInput } from '@vaultline/emulator';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO, TOKEN } from './stack.js';

// The sidecar keeps one copy of each secret, in its resolver's cache: once the value is gone
// from there (close(), or invalidate() on a resolver the caller gave it), nothing of the
// sidecar holds it. A sidecar runs in a child process (so this process, the client and the
// emulator, are not searched); after forced collections the child searches its own heap
// snapshot (strings, objects) and the bytes of its live Buffers for a random canary.

/** A random canary; only [a-z0-9-], so it reads the same in JSON and in a heap snapshot. */
const canary = (label: string) => `canary-heap-${label}-${randomBytes(12).toString('hex')}`;
const OWNED = canary('owned');
const GIVEN = canary('given');

const scenario: ScenarioInput = {
  ...SCENARIO,
  secrets: [
    { name: 'heap/owned', value: JSON.stringify({ password: OWNED }) },
    { name: 'heap/given', value: JSON.stringify({ password: GIVEN }) },
  ],
};

/** The child, bundled from the sources (no build of the package needed). */
async function bundleChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'heap-canary-child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./heap-canary-child.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    conditions: ['source', 'module'],
    mainFields: ['module', 'main'],
    // Parts of the AWS SDK are CommonJS and call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __childRequire } from 'node:module'; const require = __childRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

/** Sends one command line to the child and resolves with its JSON answer. */
function commander(child: ChildProcess) {
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  return <T>(command: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push((line) => {
        const answer = JSON.parse(line) as T & { error?: string };
        if (answer.error) reject(new Error(`${command}: ${answer.error}`));
        else resolve(answer);
      });
      child.stdin!.write(`${command}\n`);
    });
}

const hex = (text: string) => Buffer.from(text).toString('hex');

describe('one copy of each secret', () => {
  let emu: TestEmulator;
  let child: ChildProcess;
  let send: ReturnType<typeof commander>;
  let stderr = '';

  beforeAll(async () => {
    emu = await startTestEmulator({ scenario });
    await using dir = await createTempDir();
    const bundle = await bundleChild(dir.path);
    const { accessKeyId, secretAccessKey } = await emu.credentialsOf('sidecar');
    child = spawn(process.execPath, ['--expose-gc', bundle, emu.url, TOKEN], {
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => {
      stderr += String(chunk);
    });
    send = commander(child);
    // The bundle is read at start: the temporary directory may go once the child answers.
    await send('ready');
  }, 60_000);

  afterAll(async () => {
    child?.stdin?.end();
    if (child && child.exitCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    }
    await emu?.close();
    expect(stderr).toBe('');
  });

  /**
   * Starts a sidecar in the child, reads a secret three times over HTTP (the sidecar keeps a
   * ready body from the second), and checks that the search finds the value while it is
   * cached: in the resolver's entry (a string) and in the ready body (a Buffer).
   */
  const startAndRead = async (start: string, name: string, value: string) => {
    const { url } = await send<{ url: string }>(start);
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}/secretsmanager/get?secretId=${name}`, {
        headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN, connection: 'close' },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { SecretString: string }).SecretString).toContain(value);
    }
    const cached = await send<{ arrays: number; snapshot: boolean }>(`find ${hex(value)}`);
    expect(cached.snapshot).toBe(true);
    expect(cached.arrays).toBeGreaterThanOrEqual(1);
  };

  it('holds no copy of a value after close()', async () => {
    await startAndRead('start-owned', 'heap/owned', OWNED);
    await send('close');
    expect(await send(`find ${hex(OWNED)}`)).toEqual({ arrays: 0, snapshot: false });
  });

  it('holds no copy of a value once the resolver it was given forgets it', async () => {
    await startAndRead('start-given', 'heap/given', GIVEN);
    // The sidecar is still running: its ready body went with the resolver's entry.
    await send('invalidate');
    expect(await send(`find ${hex(GIVEN)}`)).toEqual({ arrays: 0, snapshot: false });
    await send('close');
  });
});
