import type { SidecarProcess } from './sidecar-process.js';

/** One sample of the soak's sampler; `t` in milliseconds since the soak started. */
export interface SoakSample {
  t: number;
  /** Resident set size, when /proc could be read. */
  rss: number | undefined;
}

/** The soak's samples every 250 ms, and the time the sidecar was first seen gone. */
export interface SoakSampler {
  readonly samples: SoakSample[];
  crashedAt(): number | undefined;
  stop(): void;
}

/**
 * Every 250 ms: the sidecar's RSS from /proc; notes when the sidecar exited on its own.
 *
 * @example
 * const sampler = startSoakSampler(sidecar, performance.now());
 * sampler.stop();
 */
export function startSoakSampler(sidecar: SidecarProcess, started: number): SoakSampler {
  const samples: SoakSample[] = [];
  let crashedAt: number | undefined;
  const timer = setInterval(() => {
    samples.push({ t: performance.now() - started, rss: sidecar.rssBytes() });
    if (crashedAt === undefined && sidecar.exit()) crashedAt = performance.now() - started;
  }, 250);
  return { samples, crashedAt: () => crashedAt, stop: () => clearInterval(timer) };
}
