import type { Figure } from './figures.js';
import type { HeapSample } from './heap-probe.js';
import type { Profile } from './profiles.js';
import type { SoakSample } from './soak-sampler.js';
import { theilSenSlope } from './trend.js';

const CHECK = 'chaos soak';
const MB = 1024 * 1024;

const median = (values: number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / MB).toFixed(1));

/**
 * RSS growth from `memoryFromMs` to the end, reported but not gated: RSS also holds what
 * V8 has freed but not yet given back, so it moves with load and outage, not with leaks.
 */
export function rssFigure(
  soak: Profile['soak'],
  samples: readonly SoakSample[],
  elapsedMs: number,
): Figure {
  const measured = samples.filter((s): s is SoakSample & { rss: number } => s.rss !== undefined);
  const from = median(
    measured.filter((s) => Math.abs(s.t - soak.memoryFromMs) <= 1500).map((s) => s.rss),
  );
  const to = median(measured.filter((s) => s.t >= elapsedMs - 3000).map((s) => s.rss));
  return {
    check: CHECK,
    name: `RSS growth ${Math.round(soak.memoryFromMs / 1000)} s -> end (${mb(from)} -> ${mb(to)} MB), not gated`,
    value: from && to ? ((to - from) / from) * 100 : undefined,
    kind: 'report',
    bound: 0,
    unit: '%',
  };
}

/** The trend of the heap over the leak gate's window. */
export interface HeapSlope {
  /** Theil-Sen slope of the heap held by objects after GC, MB per minute. */
  mbPerMinute: number | undefined;
  /** The same slope for the whole heap (code and bytecode included), for the detail line. */
  wholeHeapMbPerMinute: number | undefined;
  /** The slope divided by the window's request rate: bytes retained per request. */
  bytesPerRequest: number | undefined;
  /** Requests per second over the window. */
  requestsPerSecond: number;
  /** Seconds of the window (from the soak's start) and the samples in it. */
  fromSeconds: number;
  samples: HeapSample[];
}

/**
 * The heap probe's samples from `heapFromMs` (the outage and its retries settled) to the end
 * of the soak, and the Theil-Sen slope of the heap held by objects over them. `wallStart` is
 * the soak's start in epoch milliseconds; `soakSamples` give the window's request rate.
 *
 * @example
 * const slope = measureHeapSlope(profile.soak, heapSamples(sidecar.lines), { wallStart, elapsedMs, soakSamples });
 */
export function measureHeapSlope(
  soak: Profile['soak'],
  samples: readonly HeapSample[],
  run: { wallStart: number; elapsedMs: number; soakSamples: readonly SoakSample[] },
): HeapSlope {
  const window = samples.filter(
    (s) => s.at - run.wallStart >= soak.heapFromMs && s.at - run.wallStart <= run.elapsedMs,
  );
  const minutes = (s: HeapSample) => (s.at - run.wallStart) / 60_000;
  const mbPerMinute = theilSenSlope(window.map((s) => ({ x: minutes(s), y: s.objects / MB })));
  const inWindow = run.soakSamples.filter((s) => s.t >= soak.heapFromMs);
  const firstCount = inWindow[0];
  const lastCount = inWindow.at(-1);
  const requestsPerSecond =
    firstCount && lastCount && lastCount.t > firstCount.t
      ? (lastCount.requests - firstCount.requests) / ((lastCount.t - firstCount.t) / 1000)
      : Number.NaN;
  return {
    mbPerMinute,
    wholeHeapMbPerMinute: theilSenSlope(window.map((s) => ({ x: minutes(s), y: s.heapUsed / MB }))),
    bytesPerRequest:
      mbPerMinute === undefined || !(requestsPerSecond > 0)
        ? undefined
        : (mbPerMinute * MB) / 60 / requestsPerSecond,
    requestsPerSecond,
    fromSeconds: soak.heapFromMs / 1000,
    samples: window,
  };
}

/**
 * The leak gate as a figure: the heap held by objects after GC may grow by at most
 * `heapSlopeMaxMbPerMinute` over the window; the detail gives bytes per request and the
 * samples.
 *
 * @example
 * heapSlopeFigure(profile.soak, measureHeapSlope(profile.soak, samples, run));
 */
export function heapSlopeFigure(soak: Profile['soak'], slope: HeapSlope): Figure {
  const first = slope.samples[0];
  const last = slope.samples.at(-1);
  return {
    check: CHECK,
    name: `heap held by objects after GC, slope ${slope.fromSeconds} s -> end (${mb(first?.objects)} -> ${mb(last?.objects)} MB, ${slope.samples.length} samples)`,
    value: slope.mbPerMinute,
    kind: 'max',
    bound: soak.heapSlopeMaxMbPerMinute,
    unit: 'MB/min',
    detail: heapSlopeDetail(slope),
  };
}

/** Bytes per request, the whole heap's slope and the samples, in one line. */
export function heapSlopeDetail(slope: HeapSlope): string {
  const trace = slope.samples.map((s) => `${mb(s.objects)}`).join(' ');
  return `about ${slope.bytesPerRequest?.toFixed(0) ?? '?'} bytes per request at ${Math.round(slope.requestsPerSecond)} requests/s; whole heap (with code) ${slope.wholeHeapMbPerMinute?.toFixed(2) ?? '?'} MB/min; MB held by objects after GC, one sample a second: ${trace || `none from ${slope.fromSeconds} s on`}`;
}
