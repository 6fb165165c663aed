import { type CapturedText, type LeakFinding, type Needle, scanForLeaks } from './canaries.js';
import { runChaosSoak } from './chaos-soak.js';
import { type Figure, formatTable, type JudgedFigure, judge } from './figures.js';
import { runFuzzing } from './fuzz.js';
import { runInjectedLeak } from './injected-leak.js';
import { runLeakChecks } from './leaks.js';
import { builtBins, repoRoot } from './paths.js';
import { profileNamed } from './profiles.js';
import { runSecurityChecks } from './security.js';

/** The checks of the suite, in the order they run. */
export const CHECKS = ['soak', 'injected-leak', 'leaks', 'fuzz', 'security'] as const;
/** One check's name. */
export type CheckName = (typeof CHECKS)[number];

/** Options of {@link runReliability}. */
export interface RunOptions {
  /** `full` (default) or `ci`. */
  profile?: string;
  /** Run only these checks (the leak scan always covers what they captured). */
  only?: string[];
  /** Progress lines (to stderr in the bin). */
  log?: (line: string) => void;
}

/** The outcome of a run: the judged figures, their table, and whether all passed. */
export interface ReliabilityReport {
  profile: string;
  figures: JudgedFigure[];
  table: string;
  passed: boolean;
  elapsedMs: number;
  leaks: LeakFinding[];
}

/** What one check hands back: figures, captured text and the needles it knows of. */
export interface CheckOutput {
  figures: Figure[];
  texts: CapturedText[];
  needles?: Needle[];
}

/**
 * Runs the reliability and security suite and judges every figure against its bound.
 * A check that throws yields a failing figure naming the error instead of stopping the run.
 *
 * @example
 * const report = await runReliability({ profile: 'ci' });
 * console.log(report.table);
 * process.exitCode = report.passed ? 0 : 1;
 */
export async function runReliability(options: RunOptions = {}): Promise<ReliabilityReport> {
  const profile = profileNamed(options.profile ?? 'full');
  const log = options.log ?? (() => undefined);
  const only = new Set(options.only ?? CHECKS);
  for (const name of only) {
    if (!(CHECKS as readonly string[]).includes(name)) {
      throw new Error(`unknown check '${name}': expected some of ${CHECKS.join(', ')}`);
    }
  }
  const bins = builtBins();
  const started = performance.now();
  const figures: Figure[] = [];
  const texts: CapturedText[] = [];
  const needles: Needle[] = [];

  const steps: Record<CheckName, () => Promise<CheckOutput>> = {
    soak: () => runChaosSoak(profile, bins.sidecar),
    'injected-leak': () => runInjectedLeak(profile, bins.sidecar),
    leaks: () => runLeakChecks(bins, repoRoot()),
    fuzz: () => runFuzzing(profile, bins.sidecar),
    security: () => runSecurityChecks(bins),
  };
  for (const name of CHECKS) {
    if (!only.has(name)) continue;
    const stepStart = performance.now();
    log(`reliability: ${name} (profile ${profile.name}) ...`);
    try {
      const output = await steps[name]();
      figures.push(...output.figures);
      texts.push(...output.texts);
      needles.push(...(output.needles ?? []));
    } catch (error) {
      figures.push({
        check: name,
        name: 'check ran to completion',
        value: 0,
        kind: 'equal',
        bound: 1,
        detail: (error as Error).message.split('\n').slice(0, 6).join(' / '),
      });
    }
    log(`reliability: ${name} done in ${Math.round((performance.now() - stepStart) / 1000)} s`);
  }

  const leaks = scanForLeaks(texts, needles);
  figures.push({
    check: 'leak canaries',
    name: `canaries/keys/tokens found in ${texts.length} captured texts (${needles.length} needles)`,
    value: leaks.length,
    kind: 'max',
    bound: 0,
    detail: leaks
      .slice(0, 8)
      .map((leak) => `${leak.needle} in ${leak.source}`)
      .join('; '),
  });
  const judged = figures.map(judge);
  return {
    profile: profile.name,
    figures: judged,
    table: formatTable(judged),
    passed: judged.every((figure) => figure.pass),
    elapsedMs: performance.now() - started,
    leaks,
  };
}
