import type { CapturedText } from './canaries.js';
import { type CliRun, runCli } from './cli-process.js';
import type { Figure } from './figures.js';
import type { CliCase } from './leaks-cli-cases.js';

const CHECK = 'leak canaries';

/** The CLI commands named in `vaultline --help`. */
async function cliCommands(cli: string): Promise<Set<string>> {
  const help = await runCli(cli, ['--help']);
  const section = help.stdout.split(/^Commands:$/m)[1] ?? '';
  return new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1] as string));
}

/** Whether a run that was allowed to print values really printed them (else the allowance proves nothing). */
function lacksValueAskedFor(item: CliCase, run: CliRun): string | undefined {
  if (item.command !== 'get' && !item.mustPrint) return undefined;
  const missing = (item.stdoutMay ?? []).some((value) => !run.stdout.includes(value));
  return missing
    ? `${item.args.join(' ')}: stdout lacks the value asked for (exit ${run.code}: ${run.stderr.slice(0, 160)})`
    : undefined;
}

/**
 * Runs every case of the built CLI, captures what each printed for the canary scan, and
 * returns the figures: commands run, and runs that hung or lacked the value asked for.
 */
export async function runCliLeakCases(
  cli: string,
  cases: CliCase[],
  run: { env: Record<string, string>; cwd: string },
  texts: CapturedText[],
): Promise<Figure[]> {
  const available = await cliCommands(cli);
  const ran = new Set<string>();
  const missing = new Set<string>();
  const hung: string[] = [];
  for (const item of cases) {
    if (!available.has(item.command)) {
      missing.add(item.command);
      continue;
    }
    ran.add(item.command);
    const result = await runCli(cli, item.args, { ...run, timeoutMs: 60_000 });
    if (result.timedOut) hung.push(item.args.join(' '));
    const label = `vaultline ${item.args.join(' ')} (exit ${result.code})`;
    texts.push(
      { source: `${label} stdout`, text: result.stdout, allowed: item.stdoutMay ?? [] },
      { source: `${label} stderr`, text: result.stderr },
    );
    const lacking = lacksValueAskedFor(item, result);
    if (lacking) hung.push(lacking);
  }
  const absent = missing.size ? ` (absent: ${[...missing].join(', ')})` : '';
  return [
    {
      check: CHECK,
      name: `CLI commands run with canaries: ${[...ran].join(', ')}${absent}`,
      value: ran.size,
      kind: 'min',
      bound: new Set(cases.map((item) => item.command)).size,
    },
    {
      check: CHECK,
      name: 'CLI runs hung or missing the value asked for',
      value: hung.length,
      kind: 'max',
      bound: 0,
      detail: hung.join(' | '),
    },
  ];
}
