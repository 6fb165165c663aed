import { Agent } from 'node:http';
import type { CapturedText, Needle } from './canaries.js';
import type { Figure } from './figures.js';
import { heapProbeNodeArgs, heapSamples } from './heap-probe.js';
import { httpGet } from './http-client.js';
import type { Profile } from './profiles.js';
import type { SidecarProcess } from './sidecar-process.js';
import { runSoakClients, type SoakTarget } from './soak-clients.js';
import { faultMix, type OutageWindow, startFaultSchedule } from './soak-faults.js';
import { type HeapSlope, heapSlopeFigure, measureHeapSlope, rssFigure } from './soak-memory.js';
import { type SoakSample, startSoakSampler } from './soak-sampler.js';
import { AUTH_FAILURE, OUTAGE_GRACE_MS, SoakTally } from './soak-tally.js';
import {
  newTokens,
  stackNeedles,
  startStackSidecar,
  startUpstream,
  type Upstream,
} from './stack.js';

/** What the soak measured, and the text it captured for the leak scan. */
export interface SoakResult {
  figures: Figure[];
  texts: CapturedText[];
  needles: Needle[];
  /** The leak gate's measurement (also one of `figures`). */
  heapSlope: HeapSlope;
}

/** Options of {@link runChaosSoak}. */
export interface SoakOptions {
  /**
   * Load the leak-injection preload into the sidecar (about 1 KB retained per request),
   * to show that the heap-slope figure catches a leak.
   */
  injectLeak?: boolean;
}

const CHECK = 'chaos soak';
/** How often the heap probe forces a GC and samples the heap. */
const HEAP_PROBE_MS = 1000;

/** The measured part of the soak: its clock, the clients' tally and the sampled memory. */
interface SoakRun {
  wallStart: number;
  elapsedMs: number;
  outageWall: OutageWindow;
  tally: SoakTally;
  samples: SoakSample[];
  crashedAt: number | undefined;
}

/** What the soak reads once the load has stopped. */
interface AfterSoak {
  renewals: number;
  stale: number | undefined;
  logAuthFailures: number;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  metricsText: string;
}

/**
 * The chaos soak: the built sidecar (role-based auth, short credential lifetimes, short TTL,
 * its deployment's node flags, a heap probe) under `clients` concurrent keep-alive clients
 * while the emulator injects 5% throttling, 2% internal errors, 1% connection resets and
 * random latency into every action, with a total outage in the middle.
 *
 * @example
 * const { figures } = await runChaosSoak(CI_PROFILE, bins.sidecar);
 */
export async function runChaosSoak(
  profile: Profile,
  sidecarBin: string,
  options: SoakOptions = {},
): Promise<SoakResult> {
  const soak = profile.soak;
  const upstream = await startUpstream({ hot: soak.hotSecrets, cold: soak.coldSecrets });
  const tokens = newTokens();
  await upstream.emu.control.setCredentials({ lifetimeSeconds: soak.credentialLifetimeSeconds });
  const sidecar = await startStackSidecar({
    bin: sidecarBin,
    upstream,
    tokens,
    ttlSeconds: soak.ttlSeconds,
    maxStaleSeconds: 900,
    nodeArgs: heapProbeNodeArgs(options),
    env: { VAULTLINE_HEAP_PROBE_MS: String(HEAP_PROBE_MS) },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: soak.clients });
  const target: SoakTarget = { sidecar, agent, tokens, scenario: upstream.scenario };
  try {
    await warmUp(target, upstream, soak);
    const run = await measure(target, upstream, soak);
    const after = await collectAfterSoak(target, upstream, run);
    debugTrace(run, sidecar);
    const heapSlope = measureHeapSlope(soak, heapSamples(sidecar.lines), {
      wallStart: run.wallStart,
      elapsedMs: run.elapsedMs,
      soakSamples: run.samples,
    });
    return {
      heapSlope,
      figures: soakFigures(soak, run, after, sidecar, heapSlope),
      texts: [
        { source: 'sidecar /metrics after the soak', text: after.metricsText },
        { source: 'sidecar log (soak, debug level)', text: sidecar.lines.join('\n') },
        { source: 'sidecar error bodies (soak)', text: [...run.tally.errorBodies].join('\n') },
      ],
      needles: stackNeedles(upstream, tokens),
    };
  } finally {
    agent.destroy();
    if (!sidecar.exit()) await sidecar.stop(5000);
    await upstream.close();
  }
}

/**
 * Reads every hot secret and the connection before any fault (so they are cached), then
 * puts unmeasured load under the faults without the outage, so the heap and JIT settle
 * before memory is sampled; its answers are not judged. Resets the emulator's counters.
 */
async function warmUp(target: SoakTarget, upstream: Upstream, soak: Profile['soak']) {
  const { sidecar, agent, tokens, scenario } = target;
  const headers = { 'X-Aws-Parameters-Secrets-Token': tokens.full };
  for (const name of scenario.hot) {
    const answer = await httpGet(`${sidecar.url}/secretsmanager/get?secretId=${name}`, {
      headers,
      agent,
    });
    if (answer.status !== 200) {
      throw new Error(
        `warming ${name} before the soak: expected 200, received ${answer.status} ${answer.body.slice(0, 200)}`,
      );
    }
  }
  await httpGet(`${sidecar.url}/v1/connections/app1`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': tokens.connection },
    agent,
  });
  await upstream.emu.control.setFault('*', faultMix(false));
  await hammer(target, soak.clients, soak.warmupMs);
  await upstream.emu.control.resetCounters();
}

/** The measured soak: faults with the outage, RSS sampling, and the clients until the end. */
async function measure(
  target: SoakTarget,
  upstream: Upstream,
  soak: Profile['soak'],
): Promise<SoakRun> {
  const started = performance.now();
  const wallStart = Date.now();
  const outage = { from: soak.outageAtMs, to: soak.outageAtMs + soak.outageMs };
  const faults = startFaultSchedule(upstream.emu, outage);
  const tally = new SoakTally();
  const sampler = startSoakSampler(target.sidecar, started, () => tally.counts.requests);
  await runSoakClients(target, soak, outage, started, tally);
  const elapsedMs = performance.now() - started;
  sampler.stop();
  await faults.stop();
  return {
    wallStart,
    elapsedMs,
    outageWall: { from: wallStart + outage.from, to: wallStart + outage.to + OUTAGE_GRACE_MS },
    tally,
    samples: sampler.samples,
    crashedAt: sampler.crashedAt(),
  };
}

/**
 * Evidence that the faults and renewals really happened (the emulator's AssumeRole count,
 * the sidecar's stale-served counter), auth refusals in the sidecar's own log lines outside
 * the outage, and the sidecar's exit after SIGTERM.
 */
async function collectAfterSoak(
  target: SoakTarget,
  upstream: Upstream,
  run: SoakRun,
): Promise<AfterSoak> {
  const { sidecar, agent, tokens } = target;
  const upstreamCounts = await upstream.emu.control.counters();
  const metrics = await httpGet(`${sidecar.url}/metrics`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': tokens.full },
    agent,
  }).catch((error: Error) => ({ status: 0, body: error.message }));
  const logAuthFailures = countLogAuthFailures(sidecar.lines, run.outageWall);
  const exit = await sidecar.stop();
  return {
    renewals: upstreamCounts['sts:AssumeRole'] ?? 0,
    stale: sumMetric(metrics.body, 'vaultline_sidecar_stale_served_total'),
    logAuthFailures,
    exit,
    metricsText: metrics.body,
  };
}

/** Log lines naming a refused or expired credential, outside the outage (and its grace). */
function countLogAuthFailures(lines: readonly string[], outageWall: OutageWindow): number {
  let count = 0;
  for (const line of lines) {
    if (!AUTH_FAILURE.test(line)) continue;
    let time: number | undefined;
    try {
      time = (JSON.parse(line) as { time?: number }).time;
    } catch {
      time = undefined;
    }
    if (time === undefined || time < outageWall.from || time > outageWall.to) count++;
  }
  return count;
}

/** The soak's figures, in the order of the table. */
function soakFigures(
  soak: Profile['soak'],
  run: SoakRun,
  after: AfterSoak,
  sidecar: SidecarProcess,
  heapSlope: HeapSlope,
): Figure[] {
  const { counts, failureSamples } = run.tally;
  const detail = failureSamples.join(' | ') || undefined;
  const crashes = (run.crashedAt !== undefined ? 1 : 0) + (after.exit.code === 0 ? 0 : 1);
  const figure = (name: string, value: number | undefined, kind: Figure['kind'], bound: number) =>
    ({ check: CHECK, name, value, kind, bound }) satisfies Figure;
  return [
    figure(
      `requests answered (${soak.clients} clients, ${Math.round(run.elapsedMs / 1000)} s)`,
      counts.requests,
      'min',
      1000,
    ),
    {
      ...figure('failed responses for cached secrets', counts.hotFailed, 'max', 0),
      ...(detail ? { detail } : {}),
    },
    figure('responses with another value than asked', counts.wrongValue, 'max', 0),
    figure(
      `uncached-secret requests in the ${soak.outageMs / 1000} s outage`,
      counts.cold,
      'min',
      1,
    ),
    {
      ...figure(
        'uncached answers not a clean JSON error (502/503/504, or 400 throttling)',
        counts.coldUnclean,
        'max',
        0,
      ),
      ...(detail ? { detail } : {}),
    },
    figure(`hangs (no answer within ${soak.hangAfterMs / 1000} s)`, counts.hangs, 'max', 0),
    {
      ...figure('crashes (exit during soak or unclean SIGTERM exit)', crashes, 'max', 0),
      detail: `exit after SIGTERM: code ${after.exit.code}, signal ${after.exit.signal}${run.crashedAt !== undefined ? `; exited on its own at ${Math.round(run.crashedAt)} ms` : ''}; last lines: ${sidecar.lines.slice(-3).join(' / ').slice(0, 400)}`,
    },
    heapSlopeFigure(soak, heapSlope),
    rssFigure(soak, run.samples, run.elapsedMs),
    {
      ...figure(
        'auth failures during renewals',
        counts.authFailures + after.logAuthFailures,
        'max',
        0,
      ),
      detail: `${counts.authFailures} responses and ${after.logAuthFailures} log lines named an expired or refused credential`,
    },
    figure(
      `credential renewals (AssumeRole, ${soak.credentialLifetimeSeconds} s lifetime)`,
      after.renewals,
      'min',
      Math.max(1, Math.floor(soak.durationMs / 1000 / soak.credentialLifetimeSeconds)),
    ),
    figure('stale values served (the outage was felt)', after.stale, 'min', 1),
  ];
}

/** With RELIABILITY_DEBUG set: RSS every second and the heap after GC, on stderr. */
function debugTrace(run: SoakRun, sidecar: SidecarProcess): void {
  if (!process.env.RELIABILITY_DEBUG) return;
  const mb = (bytes: number | undefined) =>
    bytes === undefined ? '?' : (bytes / 1024 / 1024).toFixed(1);
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  const rss = run.samples.filter((_, i) => i % 4 === 0).map((s) => `${seconds(s.t)}:${mb(s.rss)}`);
  const heap = heapSamples(sidecar.lines).map(
    (s) => `${seconds(s.at - run.wallStart)}:${mb(s.objects)}/${mb(s.heapUsed)}/${mb(s.external)}`,
  );
  process.stderr.write(`rss ${rss.join(' ')}\nobjects/heap/external ${heap.join(' ')}\n`);
}

/** Sum of every sample of a Prometheus counter in an exposition text. */
export function sumMetric(text: string, name: string): number | undefined {
  let found = false;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest !== '' && !rest.startsWith('{') && !rest.startsWith(' ')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      sum += value;
      found = true;
    }
  }
  return found ? sum : undefined;
}

/** Hot-secret requests from `clients` loops for `durationMs`; answers are not judged. */
async function hammer(target: SoakTarget, clients: number, durationMs: number): Promise<void> {
  const { sidecar, agent, tokens, scenario } = target;
  const headers = { 'X-Aws-Parameters-Secrets-Token': tokens.full };
  const end = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < end) {
      const name = scenario.hot[Math.floor(Math.random() * scenario.hot.length)] as string;
      await httpGet(`${sidecar.url}/secretsmanager/get?secretId=${name}`, {
        headers,
        agent,
        timeoutMs: 10_000,
      }).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
}
