import { Command, CommanderError, Option } from 'commander';
import { COMMANDS } from './commands/index.js';
import { runSidecar, SIDECAR_COMMAND } from './commands/sidecar.js';
import type { CliContext, Output } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { describeFailure } from './failure.js';
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
    .option('-q, --quiet', 'print only results and errors, no progress or advice')
    .exitOverride()
    .showHelpAfterError(USAGE_HINT)
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 operational error, 2 usage or config error, 3 access denied, 4 not found.',
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
  const context: CliContext = {
    ...options,
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
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeFor(error.code);
    const verbose = argv.includes('--verbose');
    const failure = describeFailure(error);
    options.stderr.write(`vaultline: ${failure.message}\n`);
    if (failure.hint) options.stderr.write(`hint: ${failure.hint}\n`);
    if (verbose && error instanceof Error && error.stack)
      options.stderr.write(`${scrub(error.stack)}\n`);
    else if (!failure.hint) options.stderr.write('Run again with --verbose for details.\n');
    return failure.exitCode;
  }
}
