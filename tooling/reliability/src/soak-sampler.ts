import type { SidecarProcess } from './sidecar-process.js';

/** One sample of the soak's sampler; `t` in milliseconds since the soak started. */
export interface SoakSample {
  t: number;
  /** Resident set size, when /proc could be read. */
  rss: number | undefined;
  /** Requests the clients had sent by then. */
  requests: number;
}

/** The soak's samples every 250 ms, and the time the sidecar was first seen gone. */
export interface SoakSampler {
  readonly samples: SoakSample[];
  crashedAt(): number | undefined;
  stop(): void;
}

/**
 * Every 250 ms: the sidecar's RSS from /proc and the clients' request count (so the heap
 * slope can be divided by the request rate of its own window); notes when the sidecar
 * exited on its own.
 *
 * @example
 * const sampler = startSoakSampler(sidecar, performance.now(), () => tally.counts.requests);
 * sampler.stop();
 */
export function startSoakSampler(
  sidecar: SidecarProcess,
  started: number,
  requests: () => number,
): SoakSampler {
  const samples: SoakSample[] = [];
  let crashedAt: number | undefined;
  const timer = setInterval(() => {
    samples.push({ t: performance.now() - started, rss: sidecar.rssBytes(), requests: requests() });
    if (crashedAt === undefined && sidecar.exit()) crashedAt = performance.now() - started;
  }, 250);
  return { samples, crashedAt: () => crashedAt, stop: () => clearInterval(timer) };
}
