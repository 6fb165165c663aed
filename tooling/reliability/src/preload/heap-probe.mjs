// Test harness only (never in the sidecar's own code): loaded with `node --expose-gc
// --import <this file>`. Every VAULTLINE_HEAP_PROBE_MS (default 1000) it forces a full
// garbage collection and writes one line to stderr:
//   vaultline-heap-probe {"at":<epoch ms>,"heapUsed":<bytes>,"objects":<bytes>,"external":<bytes>,"rss":<bytes>}
// What the heap still holds right after a full GC is what the program keeps; RSS also
// counts memory V8 has not given back yet, which is why the leak check reads this instead.
// `objects` is the heap used by JavaScript objects (new, old and large-object spaces): it
// leaves out code, bytecode and other "trusted" spaces, which grow while V8 compiles the
// functions a run reaches, for minutes on a loaded machine, and not with requests.
import { getHeapSpaceStatistics } from 'node:v8';

const PREFIX = 'vaultline-heap-probe';
const CODE_SPACES = /code|trusted|read_only/;
const intervalMs = Number(process.env.VAULTLINE_HEAP_PROBE_MS ?? 1000);

if (typeof globalThis.gc !== 'function') {
  process.stderr.write(`${PREFIX}: gc() is not exposed; start node with --expose-gc\n`);
  process.exit(70);
}
if (!Number.isFinite(intervalMs) || intervalMs < 100) {
  process.stderr.write(
    `${PREFIX}: VAULTLINE_HEAP_PROBE_MS must be a number of milliseconds >= 100, received '${process.env.VAULTLINE_HEAP_PROBE_MS}'\n`,
  );
  process.exit(70);
}

const sample = () => {
  globalThis.gc();
  const { heapUsed, external, rss } = process.memoryUsage();
  let objects = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (!CODE_SPACES.test(space.space_name)) objects += space.space_used_size;
  }
  const line = JSON.stringify({ at: Date.now(), heapUsed, objects, external, rss });
  process.stderr.write(`${PREFIX} ${line}\n`);
};
// unref: the probe never keeps the process alive (SIGTERM exits as without it).
setInterval(sample, intervalMs).unref();
