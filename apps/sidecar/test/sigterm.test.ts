import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltBin } from './built-bin.js';
import { CANARIES, SCENARIO, TOKEN } from './stack.js';

// The real bin in its own process: SIGTERM must let requests in flight finish, refuse new
// connections, and exit 0.
describe('vaultline-sidecar bin and SIGTERM', () => {
  let emu: TestEmulator;
  let bin: string;
  beforeAll(async () => {
    bin = ensureBuiltBin();
    emu = await startTestEmulator({ scenario: SCENARIO });
  }, 120_000);
  afterAll(() => emu?.close());

  it('finishes requests in flight, refuses new ones, and exits 0', async () => {
    const credentials = await emu.credentialsOf('sidecar');
    const child: ChildProcess = spawn(
      process.execPath,
      [
        bin,
        '--http-port',
        '0',
        '--endpoint',
        emu.url,
        '--region',
        'us-east-2',
        '--log-level',
        'debug',
      ],
      {
        env: {
          PATH: process.env.PATH,
          AWS_TOKEN: TOKEN,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const reader = createInterface({ input: child.stdout! });
        reader.on('line', (line) => {
          lines.push(line);
          const parsed = JSON.parse(line) as { msg?: string; url?: string };
          if (parsed.msg === 'vaultline sidecar listening' && parsed.url) resolve(parsed.url);
        });
        child.stderr!.on('data', (chunk) => lines.push(String(chunk)));
        child.once('exit', (code) =>
          reject(new Error(`bin exited early (${code}): ${lines.join('\n')}`)),
        );
      });

      await emu.control.setFault('*', { latencyMs: 1200 });
      const names = ['prod/app1/token', 'prod/app2/x', 'shared/plain', 'prod/app1/db'];
      const inFlight = names.map((name) =>
        fetch(`${url}/secretsmanager/get?secretId=${name}`, {
          headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 150));

      await expect(fetch(`${url}/ping`)).rejects.toThrow();

      const answers = await Promise.all(inFlight);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as {
        Name: string;
      }[];
      expect(bodies.map((body) => body.Name)).toEqual(names);
      expect(await exited).toBe(0);
      const log = lines.join('\n');
      expect(log).toContain('stopping: finishing in-flight requests');
      expect(log).toContain('vaultline sidecar stopped');
      for (const canary of Object.values(CANARIES)) expect(log).not.toContain(canary);
      expect(log).not.toContain(TOKEN);
      expect(log).not.toContain(credentials.secretAccessKey);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emu.control.clearFaults();
    }
  }, 60_000);
});
