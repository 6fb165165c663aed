import type { Figure } from './figures.js';
import type { Profile } from './profiles.js';
import type { SoakSample } from './soak-sampler.js';

const CHECK = 'chaos soak';
const MB = 1024 * 1024;

const median = (values: number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / MB).toFixed(1));

/** RSS growth from `memoryFromMs` to the end (medians around each end), below 10 %. */
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
    name: `RSS growth ${Math.round(soak.memoryFromMs / 1000)} s -> end (${mb(from)} -> ${mb(to)} MB)`,
    value: from && to ? ((to - from) / from) * 100 : undefined,
    kind: 'max',
    bound: 10,
    unit: '%',
    detail: `RSS every 5 s: ${measured
      .filter((_, i) => i % 20 === 0)
      .map((s) => `${Math.round(s.t / 1000)}s ${mb(s.rss)}`)
      .join(', ')}`,
  };
}
