import type { DiagnoseFix, DiagnoseStatus, DiagnoseStep } from '@vaultline/diagnose';
import type { Command } from 'commander';
import { emulatorRequestHandlerFor, loadDiagnoseModule } from '../aws.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { PARAMETER_ARGUMENT_PREFIX } from '../reference-argument.js';
import { isTerminal, type Style, styleFor } from '../style.js';

interface DoctorOptions {
  connection?: string[];
  secret?: string[];
  parameter?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const MARKS: Record<DiagnoseStatus, string> = { pass: '✔', fail: '✖', warn: '!', skip: '-' };
const WORDS: Record<DiagnoseStatus, string> = {
  pass: 'ok  ',
  fail: 'FAIL',
  warn: 'warn',
  skip: 'skip',
};

function colored(style: Style, status: DiagnoseStatus, text: string): string {
  if (status === 'pass') return style.green(text);
  if (status === 'fail') return style.red(text);
  if (status === 'warn') return style.yellow(text);
  return style.dim(text);
}

// Passing steps whose finding is always shown: who vaultline signed in as (and, for a
// role-based vault, the role it acts as), which people need to read the rest.
const SAYS_WHO: ReadonlySet<string> = new Set(['caller-identity', 'assume-role']);

/**
 * The lines explaining a failing or warning step: finding, remedy, the document to apply,
 * and each change of its fix as `doctor --json` gives it (`fixLines` of @vaultline/diagnose).
 */
function explain(step: DiagnoseStep, fixLines: (fix: DiagnoseFix) => string[]): string[] {
  const lines = [`    ${step.finding}`];
  if (step.remedy) lines.push(`    fix: ${step.remedy}`);
  if (step.document) {
    const doc = step.document;
    lines.push(
      `    apply: ${doc.id}${doc.statementSid ? `#${doc.statementSid}` : ''} (${doc.title}) to ${doc.attachTo}${doc.accountId ? ` in ${doc.accountId}` : ''}; 'vaultline policy ${doc.id}' prints it`,
    );
  }
  if (step.fix) for (const line of fixLines(step.fix)) lines.push(`    change: ${line}`);
  return lines;
}

// `--parameter ssm:/x` and `--parameter /x` name the same parameter.
const withoutPrefix = (ref: string): string =>
  ref.startsWith(PARAMETER_ARGUMENT_PREFIX) ? ref.slice(PARAMETER_ARGUMENT_PREFIX.length) : ref;

/** Refuses `--connection` names the config does not define (exit 4), naming those it does. */
function checkConnections(names: string[], known: string[], shown: string): void {
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw Object.assign(
    new Error(
      `no connection named '${unknown.join("', '")}' in ${shown}; ${known.length === 0 ? 'it defines no connections' : `known connections: ${known.join(', ')}`}`,
    ),
    { code: 'UNKNOWN_CONNECTION' },
  );
}

/** `vaultline doctor [--connection NAME] [--secret REF] [--parameter REF] [--json]` */
export function registerDoctor(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description(
      'check the setup step by step against AWS: credentials, identity, role, list, each secret and parameter',
    )
    .option(
      '--connection <name>',
      'check only the secrets and parameters of this connection; repeatable',
      collect,
    )
    .option('--secret <ref>', 'also check this secret reference; repeatable', collect)
    .option(
      '--parameter <ref>',
      'also check this parameter reference (/prod/db/host, /prod/db/host:3, ssm: optional); repeatable',
      collect,
    )
    .addHelpText(
      'after',
      '\nExit 0 when every step passes (warnings allowed), 1 when a step fails.',
    )
    .action(async (options: DoctorOptions, command: Command) => {
      const globals = globalsOf(command);
      const json = wantsJson(globals);
      const { config, shown } = await loadCliConfig(context, globals);
      checkConnections(options.connection ?? [], Object.keys(config.connections), shown);
      const { diagnose, fixLines } = await loadDiagnoseModule();
      const out = context.stdout;
      const style = styleFor(context, out);
      const live = !json && isTerminal(out);
      const requestHandler = await emulatorRequestHandlerFor(config.vault.endpoint);
      const report = await diagnose(config, {
        ...(requestHandler ? { requestHandler: requestHandler as never } : {}),
        ...(options.connection ? { connections: options.connection } : {}),
        ...(options.secret ? { secrets: options.secret } : {}),
        ...(options.parameter ? { parameters: options.parameter.map(withoutPrefix) } : {}),
        parse: { filePath: shown },
        onStep: (event) => {
          if (json) return;
          if (event.phase === 'start') {
            if (live) out.write(`${style.dim('…')} ${event.title}`);
            return;
          }
          const step = event.step;
          const time = step.durationMs >= 1 ? style.dim(` ${Math.round(step.durationMs)} ms`) : '';
          const head = live
            ? `\r\u001b[2K${colored(style, step.status, MARKS[step.status])} ${step.title}${time}`
            : `${WORDS[step.status]} ${step.title}`;
          const detail =
            step.status === 'fail' || step.status === 'warn'
              ? explain(step, fixLines)
              : (globals.verbose || SAYS_WHO.has(step.check)) && !globals.quiet
                ? [`    ${step.finding}`]
                : [];
          out.write(`${[head, ...detail].join('\n')}\n`);
        },
      });
      if (json) {
        out.write(`${JSON.stringify(report, null, 2)}\n`);
      } else if (!globals.quiet) {
        const failed = report.steps.filter((step) => step.status === 'fail').length;
        out.write(
          report.ok
            ? `${style.green('all checks passed')} (${shown})\n`
            : `${style.red(`${failed} check${failed === 1 ? '' : 's'} failed`)}: fix the first one and run vaultline doctor again\n`,
        );
      }
      context.setExitCode(report.ok ? ExitCode.OK : ExitCode.OPERATIONAL);
    });
}
