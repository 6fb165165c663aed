// The child process of heap-canary.test.ts: runs sidecars on commands read from stdin (one a
// line) and answers one JSON line each on stdout. `find <hex>` reports where the bytes of a
// canary (given hex-encoded, so the command itself does not put the canary in this heap) are
// still reachable after forced garbage collections. Bundled by the test with esbuild from the
// sources, run with --expose-gc.
import { Agent } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { getHeapSnapshot } from 'node:v8';
import { createResolver, type Resolver } from '@vaultline/resolver';
import { type RunningSidecar, startSidecar } from '../src/index.js';

const [endpoint, token] = process.argv.slice(2) as [string, string];
const vault = { region: 'us-east-2', endpoint };
const settings = { http_port: 0, log_level: 'none' } as const;
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with --expose-gc');

let sidecar: RunningSidecar | undefined;
let given: Resolver | undefined;

/** Live typed arrays (Buffers included) whose bytes hold the canary: a heap snapshot has no bytes. */
async function liveArraysHolding(hex: string): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    const prototype = await session.post('Runtime.evaluate', {
      expression: 'Uint8Array.prototype',
    });
    const arrays = await session.post('Runtime.queryObjects', {
      prototypeObjectId: prototype.result.objectId as string,
    });
    // The needle is made after the query, so it is not among the arrays searched. Not every
    // object found is a view (Buffer.prototype is one). Node keeps a view of its whole Buffer
    // pool: past the live slices, which are searched one by one, its bytes are free memory
    // that no value holds (like freed memory elsewhere), so that view is skipped.
    const { result, exceptionDetails } = await session.post('Runtime.callFunctionOn', {
      objectId: arrays.objects.objectId as string,
      functionDeclaration: `function (hex) {
        const needle = Buffer.alloc(hex.length / 2);
        needle.write(hex, 'hex');
        const pool = Buffer.allocUnsafe(1).buffer;
        const holds = (a) =>
          ArrayBuffer.isView(a) &&
          !a.buffer.detached &&
          !(a.buffer === pool && a.byteLength === pool.byteLength) &&
          Buffer.from(a.buffer, a.byteOffset, a.byteLength).indexOf(needle) !== -1;
        return this.filter(holds).length;
      }`,
      arguments: [{ value: hex }],
      returnByValue: true,
    });
    if (exceptionDetails)
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as number;
  } finally {
    // Also lets go of the objects the session handed out.
    session.disconnect();
  }
}

/** Whether a heap snapshot (every reachable string and object) contains the canary. */
async function snapshotHolds(hex: string): Promise<boolean> {
  const needle = Buffer.alloc(hex.length / 2);
  needle.write(hex, 'hex');
  let tail = Buffer.alloc(0);
  for await (const chunk of getHeapSnapshot()) {
    const joined = Buffer.concat([tail, chunk as Buffer]);
    if (joined.indexOf(needle) !== -1) return true;
    tail = joined.subarray(Math.max(0, joined.length - needle.length + 1));
  }
  return false;
}

async function find(hex: string) {
  for (let i = 0; i < 3; i++) {
    collect?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const arrays = await liveArraysHolding(hex);
  return { arrays, snapshot: await snapshotHolds(hex) };
}

const commands: Record<string, (argument: string) => Promise<unknown>> = {
  async ready() {
    return { ok: true };
  },
  // A sidecar that builds (and on close, closes) its own resolver.
  async 'start-owned'() {
    sidecar = await startSidecar({ env: { AWS_TOKEN: token }, settings, config: { vault } });
    return { url: sidecar.url };
  },
  // A sidecar over a resolver the caller made and keeps (then `invalidate` is the caller's).
  // Its SDK client closes each connection after its call: a keep-alive socket of the SDK
  // holds the first response it carried for as long as it stays open (a listener of
  // @smithy/node-http-handler keeps the request), a copy that is the SDK's, not the sidecar's.
  async 'start-given'() {
    given = createResolver(
      { vault },
      { requestHandler: { httpAgent: new Agent({ keepAlive: false }) } },
    );
    sidecar = await startSidecar({ env: { AWS_TOKEN: token }, settings, source: given });
    return { url: sidecar.url };
  },
  async invalidate() {
    given?.invalidate();
    return { ok: true };
  },
  async close() {
    await sidecar?.close();
    return { ok: true };
  },
  find,
};

for await (const line of createInterface({ input: process.stdin })) {
  const [name = '', argument = ''] = line.split(' ');
  const command = commands[name];
  const answer = command
    ? await command(argument).catch((error: Error) => ({ error: error.message }))
    : { error: `unknown command ${name}` };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await given?.close();
