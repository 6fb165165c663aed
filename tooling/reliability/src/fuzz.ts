import type { CapturedText, Needle } from './canaries.js';
import type { Figure } from './figures.js';
import { fuzzSidecarHttp } from './fuzz-http.js';
import { fuzzParsers } from './fuzz-parsers.js';
import { httpGet } from './http-client.js';
import type { Profile } from './profiles.js';
import { newTokens, stackNeedles, startStackSidecar, startUpstream } from './stack.js';

const CHECK = 'fuzzing';

/**
 * Bounded fuzzing: the built sidecar over real HTTP (and raw sockets), then the name,
 * reference and config parsers in process.
 *
 * @example
 * const { figures } = await runFuzzing(CI_PROFILE, bins.sidecar);
 */
export async function runFuzzing(
  profile: Profile,
  sidecarBin: string,
): Promise<{ figures: Figure[]; texts: CapturedText[]; needles: Needle[] }> {
  const figures: Figure[] = [];
  const texts: CapturedText[] = [];
  const upstream = await startUpstream({ hot: 2, cold: 2 });
  const tokens = newTokens();
  const sidecar = await startStackSidecar({ bin: sidecarBin, upstream, tokens });
  const needles = stackNeedles(upstream, tokens);
  try {
    const http = await fuzzSidecarHttp(sidecar.url, tokens.full, {
      numRuns: profile.fuzz.httpRuns,
      timeLimitMs: profile.fuzz.timeLimitMs,
      isAlive: () => sidecar.exit() === undefined,
    });
    const ping = await httpGet(`${sidecar.url}/ping`, { timeoutMs: 5000 }).catch(() => undefined);
    const crashed = sidecar.exit() !== undefined || ping?.status !== 200;
    figures.push(...httpFigures(profile, http, crashed, sidecar.lines.slice(-3).join(' / ')));
  } finally {
    const exit = await sidecar.stop();
    if (exit.code !== 0) {
      figures.push({
        check: CHECK,
        name: 'sidecar exit code after SIGTERM (fuzzing)',
        value: exit.code ?? -1,
        kind: 'equal',
        bound: 0,
      });
    }
    texts.push({ source: 'sidecar log (fuzzing, debug level)', text: sidecar.lines.join('\n') });
    await upstream.close();
  }

  figures.push(...parserFigures(profile));
  return { figures, texts, needles };
}

/** The figures of the HTTP fuzzing: requests sent, server errors, hangs, crashes. */
function httpFigures(
  profile: Profile,
  http: Awaited<ReturnType<typeof fuzzSidecarHttp>>,
  crashed: boolean,
  lastLogLines: string,
): Figure[] {
  const detail = http.examples.join(' | ') || undefined;
  const statuses = Object.entries(http.statuses)
    .map(([status, count]) => `${status}:${count}`)
    .join(' ');
  return [
    {
      check: CHECK,
      name: `random HTTP requests sent (answers ${statuses})`,
      value: http.runs,
      kind: 'min',
      bound: Math.min(100, profile.fuzz.httpRuns),
    },
    {
      check: CHECK,
      name: 'random raw-socket requests sent',
      value: http.rawRuns,
      kind: 'min',
      bound: 20,
    },
    {
      check: CHECK,
      name: 'answers 500 (or 5xx but 502-504) to a client mistake',
      value: http.serverErrors,
      kind: 'max',
      bound: 0,
      ...(detail ? { detail } : {}),
    },
    {
      check: CHECK,
      name: 'fuzzed requests left hanging',
      value: http.hangs,
      kind: 'max',
      bound: 0,
      ...(detail ? { detail } : {}),
    },
    {
      check: CHECK,
      name: 'sidecar crashes (dead or /ping not 200 after fuzzing)',
      value: crashed ? 1 : 0,
      kind: 'max',
      bound: 0,
      detail: lastLogLines.slice(0, 400),
    },
  ];
}

/** The in-process parser properties, one figure each. */
function parserFigures(profile: Profile): Figure[] {
  const outcomes = fuzzParsers({
    numRuns: profile.fuzz.parserRuns,
    timeLimitMs: profile.fuzz.timeLimitMs / 4,
  });
  return outcomes.map((outcome) => ({
    check: CHECK,
    name: `${outcome.property}: failures in ${outcome.runs} runs`,
    value: outcome.runs === 0 ? undefined : outcome.failures,
    kind: 'max' as const,
    bound: 0,
    ...(outcome.examples.length > 0 ? { detail: outcome.examples.join(' | ') } : {}),
  }));
}
