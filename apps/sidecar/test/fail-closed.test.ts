import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltBin } from './built-bin.js';
import { SCENARIO } from './stack.js';

// The real bin in its own process: a weak token, a token file others can read and a blank
// scope prefix stop it before it listens; the opt-out lets a world-readable file through.
const GOOD = '3f8a1c7e5d2b9064a1c3e5f7b9d0e2f4a6c8b0d1e3f5a7c9';

describe('vaultline-sidecar refuses unsafe tokens and scopes', () => {
  let emu: TestEmulator;
  let bin: string;
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let credentials: { accessKeyId: string; secretAccessKey: string };
  beforeAll(async () => {
    bin = ensureBuiltBin();
    emu = await startTestEmulator({ scenario: SCENARIO });
    dir = await createTempDir();
    credentials = await emu.credentialsOf('sidecar');
  }, 120_000);
  afterAll(async () => {
    await emu?.close();
    await dir?.[Symbol.asyncDispose]();
  });

  const start = (args: string[], env: Record<string, string>) =>
    run(
      spawn(
        process.execPath,
        [bin, '--http-port', '0', '--endpoint', emu.url, '--region', 'us-east-2', ...args],
        {
          env: {
            PATH: process.env.PATH,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );

  it('exits 2 before listening on a short token, saying how to make one', async () => {
    const result = await start([], { AWS_TOKEN: 'abc123' }).exit;
    // A user error, as invalid settings: exit 2.
    expect(result.code).toBe(2);
    expect(result.listening).toBe(false);
    expect(result.stderr).toContain(
      'the token in the environment variable AWS_TOKEN is 6 characters long; a token must be at least 32 random characters: make one with: openssl rand -hex 32',
    );
    expect(result.stdout + result.stderr).not.toContain('abc123');
  });

  it('refuses a world-readable token file unless allowed, and then serves with its token', async () => {
    const file = join(dir.path, 'token');
    writeFileSync(file, `${GOOD}\n`);
    chmodSync(file, 0o644);
    const refused = await start([], { AWS_TOKEN: `file://${file}` }).exit;
    expect(refused.code).toBe(2);
    expect(refused.listening).toBe(false);
    expect(refused.stderr).toContain(
      `the token file ${file} holds a token and every user can read it (mode 644): run chmod 600 ${file}`,
    );

    const allowed = start(['--allow-world-readable-token-files'], { AWS_TOKEN: `file://${file}` });
    try {
      const url = await allowed.url;
      const answer = await fetch(`${url}/secretsmanager/get?secretId=prod/app1/token`, {
        headers: { 'X-Aws-Parameters-Secrets-Token': GOOD },
      });
      expect(answer.status).toBe(200);
    } finally {
      allowed.child.kill('SIGTERM');
      await allowed.exit;
    }
  });

  it('exits 2 on a blank scope prefix in the settings file', async () => {
    const settings = join(dir.path, 'sidecar.yaml');
    writeFileSync(
      settings,
      'tokens:\n  - token: env:APP_TOKEN\n    name: app1\n    secrets: [""]\n',
      { mode: 0o600 },
    );
    const result = await start(['--config', settings], {
      AWS_TOKEN: GOOD,
      APP_TOKEN: GOOD.split('').reverse().join(''),
    }).exit;
    expect(result.code).toBe(2);
    expect(result.listening).toBe(false);
    expect(result.stderr).toContain(
      'tokens.0.secrets.0: an empty or blank prefix is not allowed (it would match every secret)',
    );
  });
});

/** The child's output, whether it got to listening, and how it ended. */
function run(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  let listening = false;
  let resolveUrl: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    resolveUrl = resolve;
  });
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
    const found =
      /"msg":"vaultline sidecar listening".*?"url":"([^"]+)"|"url":"([^"]+)".*?"msg":"vaultline sidecar listening"/.exec(
        stdout,
      );
    if (found) {
      listening = true;
      resolveUrl((found[1] ?? found[2]) as string);
    }
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exit = new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    listening: boolean;
  }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, listening });
    });
  });
  return { child, url, exit };
}
