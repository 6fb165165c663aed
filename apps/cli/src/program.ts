import { Command, CommanderError, Option } from 'commander';
import { COMMANDS } from './commands/index.js';
import { runSidecar, SIDECAR_COMMAND } from './commands/sidecar.js';
import type { CliContext, Output } from './context.js';
import { missingSeparator } from './exec/missing-separator.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { describeFailure, type Failure } from './failure.js';
import { packageVersion } from './package-version.js';
import { scrub } from './sensitive.js';

export const USAGE_HINT = "Run 'vaultline --help' for usage.";

/** The commander program with every command registered. */
export function createProgram(context: CliContext): Command {
  const program = new Command('vaultline')
    .description(
      'Set up, check and use AWS Secrets Manager secrets: read them, run programs with them, get the IAM documents to apply.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--verbose', 'print stack traces of unexpected errors')
    .option(
      '-c, --config <file>',
      'the config file (default: $VAULTLINE_CONFIG, else ./vaultline.yaml)',
    )
    .option('--region <region>', "override the vault's region (as VAULTLINE_REGION does)")
    .addOption(
      new Option('--output <format>', 'output for machines or people').choices(['text', 'json']),
    )
    .option(
      '--json',
      'print JSON (as --output json): one documented object per command; errors as one object on stderr',
    )
    .option('-q, --quiet', 'print only results and errors, no progress or advice')
    .exitOverride()
    .showHelpAfterError(USAGE_HINT)
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      // With JSON asked for, run() prints commander's usage errors as one JSON object.
      writeErr: (text) => (context.json ? undefined : context.stderr.write(text)),
    })
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      "\nExit codes: 0 ok, 1 operational error, 2 usage or config error, 3 access denied, 4 not found;\nexec: the program's own, 126 when it cannot be run, 127 when it is not found.\nWith --json (or --output json), an error is one JSON object on stderr: code, message, hint, exitCode.",
    );
  program.helpCommand(false);
  for (const register of COMMANDS) register(program, context);
  return program;
}

export interface RunOptions {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code. Never
 * throws; prints a stack trace only with --verbose.
 *
 * @example
 * const code = await run(['validate', '--config', 'vaultline.yaml'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
 */
export async function run(argv: readonly string[], options: RunOptions): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.OK;
  const json = jsonRequested(argv);
  const context: CliContext = {
    ...options,
    json,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  try {
    // The sidecar's options are its own (before commander sees vaultline's --config or --help).
    if (argv[0] === SIDECAR_COMMAND) {
      await runSidecar(argv.slice(1));
      return exitCode;
    }
    const program = createProgram(context);
    const missing = missingSeparator(argv, program);
    if (missing) throw missing;
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const code = exitCodeFor(error.code);
      if (json && code !== ExitCode.OK) options.stderr.write(jsonFailure(commanderFailure(error)));
      return code;
    }
    const failure = describeFailure(error);
    if (json) {
      options.stderr.write(jsonFailure(failure));
      return failure.exitCode;
    }
    options.stderr.write(`vaultline: ${failure.message}\n`);
    if (failure.hint) options.stderr.write(`hint: ${failure.hint}\n`);
    if (argv.includes('--verbose') && error instanceof Error && error.stack)
      options.stderr.write(`${scrub(error.stack)}\n`);
    // Only where --verbose adds something: an unexpected error's stack. A user error's
    // message and hint are all there is.
    else if (!failure.hint && failure.exitCode === ExitCode.OPERATIONAL)
      options.stderr.write('Run again with --verbose for details.\n');
    return failure.exitCode;
  }
}

/** True when the command line asks for JSON (--json, --output json) before any `--`. */
export function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  return words.some(
    (word, index) =>
      word === '--json' ||
      word === '--output=json' ||
      (word === '--output' && words[index + 1] === 'json'),
  );
}

/** A commander usage error as a Failure: its message without the "error: " prefix. */
function commanderFailure(error: CommanderError): Failure {
  const message =
    error.code === 'commander.help'
      ? 'no command given'
      : error.message.replace(/^error: /, '').split('\n')[0];
  return {
    message: message ?? error.code,
    hint: USAGE_HINT,
    exitCode: exitCodeFor(error.code),
    code: error.code,
  };
}

/**
 * The one JSON shape of every error, on stderr: `{ code, message, hint, exitCode }` (code
 * and hint null when there is none).
 */
function jsonFailure(failure: Failure): string {
  return `${JSON.stringify({
    code: failure.code ?? null,
    message: failure.message,
    hint: failure.hint ?? null,
    exitCode: failure.exitCode,
  })}\n`;
}
