import { fileURLToPath, pathToFileURL } from 'node:url';

/** One line of the heap probe: memory right after a forced full garbage collection. */
export interface HeapSample {
  /** Epoch milliseconds. */
  at: number;
  /** All of V8's heap in use. */
  heapUsed: number;
  /** The part held by JavaScript objects: heapUsed without code, bytecode and read-only spaces. */
  objects: number;
  external: number;
  rss: number;
}

/** The first word of every heap-probe line on the sidecar's stderr. */
export const HEAP_PROBE_PREFIX = 'vaultline-heap-probe';

/** The harness-only preloads in `src/preload/` (plain .mjs, loaded by node as they are). */
export type Preload = 'heap-probe' | 'leak-injection';

/**
 * The path of a preload. Relative to this module's URL, which is `src/` when run from
 * source (vitest) and `dist/` when built: both are one level under the package.
 *
 * @example
 * preloadPath('heap-probe'); // '/…/tooling/reliability/src/preload/heap-probe.mjs'
 */
export function preloadPath(name: Preload): string {
  return fileURLToPath(new URL(`../src/preload/${name}.mjs`, import.meta.url));
}

/**
 * Node options that sample the heap (`--expose-gc` and the heap-probe preload) and, with
 * `injectLeak`, retain about 1 KB per request served (the leak-injection preload).
 *
 * @example
 * spawn(process.execPath, [...heapProbeNodeArgs({ injectLeak: false }), bin]);
 */
export function heapProbeNodeArgs(options: { injectLeak?: boolean } = {}): string[] {
  const preloads: Preload[] = options.injectLeak
    ? ['heap-probe', 'leak-injection']
    : ['heap-probe'];
  return [
    '--expose-gc',
    ...preloads.flatMap((name) => ['--import', pathToFileURL(preloadPath(name)).href]),
  ];
}

/**
 * The heap-probe samples among a process's output lines, in order.
 *
 * @example
 * heapSamples(sidecar.lines).at(-1)?.heapUsed;
 */
export function heapSamples(lines: readonly string[]): HeapSample[] {
  const samples: HeapSample[] = [];
  for (const line of lines) {
    if (!line.startsWith(`${HEAP_PROBE_PREFIX} {`)) continue;
    try {
      const sample = JSON.parse(line.slice(HEAP_PROBE_PREFIX.length + 1)) as HeapSample;
      if (
        [sample.at, sample.heapUsed, sample.objects, sample.external, sample.rss].every(
          Number.isFinite,
        )
      ) {
        samples.push(sample);
      }
    } catch {
      // a line cut short by the exit: not a sample
    }
  }
  return samples;
}
