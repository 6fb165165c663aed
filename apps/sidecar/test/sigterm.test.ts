import { startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltBin, readLines, spawnBin } from './built-bin.js';
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
    const child = spawnBin(bin, emu.url, credentials, ['--log-level', 'debug']);
    const output = readLines(child);
    try {
      const url = await output.listening;

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
      expect(await output.exitCode).toBe(0);
      await output.closed;
      const log = output.lines.join('\n');
      expect(messages(output.lines)).toEqual(
        expect.arrayContaining([
          'stopping: finishing in-flight requests',
          'vaultline sidecar stopped',
        ]),
      );
      for (const canary of Object.values(CANARIES)) expect(log).not.toContain(canary);
      expect(log).not.toContain(TOKEN);
      expect(log).not.toContain(credentials.secretAccessKey);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emu.control.clearFaults();
    }
  }, 60_000);

  // With nothing in flight the server closes within a millisecond or two, while the
  // "stopping" line may still be being written. Five stops: before the fix, about half of
  // them printed "stopped" first.
  it('prints its shutdown lines in order when it stops at once', async () => {
    const credentials = await emu.credentialsOf('sidecar');
    for (let stop = 0; stop < 5; stop++) {
      const child = spawnBin(bin, emu.url, credentials);
      const output = readLines(child);
      // A ping answered means the bin has its signal handlers (they follow `listening`).
      expect((await fetch(`${await output.listening}/ping`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await output.exitCode).toBe(0);
      await output.closed;
      // The agent's startup line comes first (aws_secretsmanager_provider/src/lib.rs:58-63):
      // AWS's integration harness reads the first line of stdout for "listening on".
      expect(output.lines[0]).toMatch(
        /^Secrets Manager Provider\/\S+ listening on http:\/\/127\.0\.0\.1:\d+$/,
      );
      expect(messages(output.lines)).toEqual([
        'vaultline sidecar listening',
        'stopping: finishing in-flight requests',
        'vaultline sidecar stopped',
      ]);
    }
  }, 60_000);
});

/** The `msg` of each JSON log line, in the order printed. */
const messages = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [(JSON.parse(line) as { msg: string }).msg];
    } catch {
      return [];
    }
  });
