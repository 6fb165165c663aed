import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import {
  HEAP_PROBE_PREFIX,
  type HeapSample,
  heapProbeNodeArgs,
  heapSamples,
} from './heap-probe.js';

/** Runs `script` in a child node with the probe (and the leak when asked); its output lines. */
async function runWithProbe(script: string, injectLeak: boolean): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [...heapProbeNodeArgs({ injectLeak }), '--input-type=module', '-e', script],
    { env: { PATH: process.env.PATH, VAULTLINE_HEAP_PROBE_MS: '200' }, stdio: 'pipe' },
  );
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, lines.join('\n')).toBe(0);
  return lines;
}

// Serves 3,000 requests to itself over node:http, with a pause before and after, so the
// probe samples the heap on both sides.
const SERVE_3000 = `
import { createServer, get, Agent } from 'node:http';
const server = createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const agent = new Agent({ keepAlive: true, maxSockets: 10 });
const url = 'http://127.0.0.1:' + server.address().port + '/';
const once = () => new Promise((r) => get(url, { agent }, (res) => res.resume().on('end', r)));
await new Promise((r) => setTimeout(r, 700));
for (let i = 0; i < 300; i++) await Promise.all(Array.from({ length: 10 }, once));
await new Promise((r) => setTimeout(r, 700));
agent.destroy(); server.close();
`;

describe('the heap probe and the leak injection', () => {
  it('samples the heap after GC on stderr, and the injection retains about 1 KB per request', async () => {
    const [clean, leaky] = (
      await Promise.all([runWithProbe(SERVE_3000, false), runWithProbe(SERVE_3000, true)])
    ).map(heapSamples) as [HeapSample[], HeapSample[]];
    expect(clean.length).toBeGreaterThanOrEqual(4);
    expect(leaky.length).toBeGreaterThanOrEqual(4);
    for (const sample of [...clean, ...leaky]) {
      expect(sample.objects).toBeGreaterThan(0);
      expect(sample.objects).toBeLessThanOrEqual(sample.heapUsed);
    }
    const growth = (samples: HeapSample[]) =>
      ((samples.at(-1)?.objects ?? 0) - (samples[0]?.objects ?? 0)) / 3000;
    // 3,000 requests: about 3 MB retained with the injection, next to nothing without.
    expect(growth(leaky)).toBeGreaterThan(900);
    expect(growth(leaky)).toBeLessThan(1300);
    expect(growth(clean)).toBeLessThan(200);
  }, 60_000);

  it('ignores other lines and cut-off samples', () => {
    const good = { at: 1, heapUsed: 5, objects: 4, external: 1, rss: 9 };
    expect(
      heapSamples([
        '{"level":30,"msg":"listening"}',
        `${HEAP_PROBE_PREFIX} ${JSON.stringify(good)}`,
        `${HEAP_PROBE_PREFIX} {"at":2,"heapUs`,
        `${HEAP_PROBE_PREFIX}: gc() is not exposed`,
      ]),
    ).toEqual([good]);
  });

  it('refuses to run without --expose-gc, saying what to do', async () => {
    const args = heapProbeNodeArgs().filter((arg) => arg !== '--expose-gc');
    const child = spawn(process.execPath, [...args, '-e', 'setTimeout(() => {}, 5000)'], {
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(70);
    expect(stderr).toContain('start node with --expose-gc');
  });
});
