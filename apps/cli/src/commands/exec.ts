import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { type Command, Option } from 'commander';
import { openResolver } from '../aws.js';
import { resolveConnectionsText } from '../connections.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { inheritedEnvironment } from '../exec/child-env.js';
import { type EnvEntry, parseEnvFile } from '../exec/env-file.js';
import {
  checkPrefix,
  collisionError,
  findCollisions,
  type NamedVariable,
  nameConnection,
} from '../exec/env-names.js';
import { runChild } from '../exec/run-child.js';
import type { ExitCode } from '../exit-codes.js';
import { envText, valueText } from '../formats.js';
import { globalsOf } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { protect } from '../sensitive.js';

interface ExecOptions {
  connection?: string[];
  dotenv?: string[];
  /** Refused: Node.js itself reads `--env-file` (see {@link refuseNodeEnvFile}). */
  envFile?: string[];
  prefix?: string;
  override?: boolean;
  pristine?: boolean;
  mask: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

async function readEnvFile(context: CliContext, file: string): Promise<EnvEntry[]> {
  const path = isAbsolute(file) ? file : join(context.cwd, file);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      'ENV_FILE_INVALID',
      `cannot read env file ${file}: ${error.code ?? error.message}`,
      { hint: 'give the path of a file with NAME=secret:<reference> lines' },
    );
  });
  return parseEnvFile(text, file);
}

/** `vaultline exec (--connection NAME | --dotenv FILE) [--prefix P] [--override] [--pristine] [--no-mask] -- cmd ...` */
export function registerExec(program: Command, context: CliContext): void {
  program
    .command('exec')
    .description('run a program with resolved secret values in its environment')
    .argument('<command...>', 'the program and its arguments, after --')
    .option(
      '--connection <name>',
      "a connection whose properties become variables (ORDERS_DB's password → PASSWORD, or as its env: map names them); repeatable",
      collect,
    )
    .option(
      '--dotenv <file>',
      'a dotenv file of NAME=secret:<reference>, NAME=ssm:<parameter> and NAME=literal lines; repeatable',
      collect,
    )
    .addOption(new Option('--env-file <file>').hideHelp().argParser(collect))
    .option(
      '--prefix <prefix>',
      'put this before each name made from a property (--prefix PG: password → PGPASSWORD)',
    )
    .option(
      '--override',
      'let a variable replace one of the environment or of an earlier connection or file, instead of exit 2',
    )
    .option('--pristine', 'give the program only these variables, not vaultline’s own environment')
    .option('--no-mask', "do not mask secret values in the program's stdout and stderr")
    .addHelpText('after', EXEC_HELP)
    .action((argv: string[], options: ExecOptions, command: Command) =>
      runExec(context, argv, options, command),
    );
}

const EXEC_HELP = [
  '',
  'Example:',
  '  vaultline exec --dotenv .env.vaultline -- psql -h db.internal',
  '  (.env.vaultline: PGPASSWORD=secret:prod/orders/db:password)',
  '',
  "The program inherits vaultline's environment without vaultline's own credentials and",
  'settings: VAULTLINE_*, AWS_TOKEN and the sidecar token variables, and the AWS_* keys the',
  'vault signed with. A name set twice (by two connections, or already in the environment)',
  'is an error unless --override. Secret and SecureString parameter values, and their JSON,',
  'URL and base64 forms, are masked in its output; values under 6 characters only as whole',
  'words. Plain String and StringList parameters are not masked.',
  '',
  "Signals (INT, TERM, HUP) are passed to the program; vaultline exits with the program's",
  'exit code, or 128 + the signal number when a signal ended it.',
].join('\n');

type FileVariable = NamedVariable & { entry: EnvEntry };

/** `vaultline exec`: name every variable, stop on a collision, resolve, run the program. */
async function runExec(
  context: CliContext,
  argv: string[],
  options: ExecOptions,
  command: Command,
): Promise<void> {
  const globals = globalsOf(command);
  const connections = options.connection ?? [];
  if (options.envFile) throw refuseNodeEnvFile(options.envFile);
  const envFiles = options.dotenv ?? [];
  if (connections.length === 0 && envFiles.length === 0) {
    throw new CliError('USAGE', 'exec needs --connection NAME or --dotenv FILE', {
      hint: 'vaultline exec --connection orders-db -- ./server',
    });
  }
  checkPrefix(options.prefix);
  const [program_, ...args] = argv;
  const files = await Promise.all(
    envFiles.map(async (file) => ({ file, entries: await readEnvFile(context, file) })),
  );
  const { config } = await loadCliConfig(context, globals);

  // Every name is known from the config and the files: a collision stops us before any
  // AWS call. Later sources win with --override: connections in order, then files.
  const naming = {
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(config.connectionEnv ? { envMaps: config.connectionEnv } : {}),
  };
  const fromConnections = connections.flatMap((name) =>
    nameConnection(name, Object.keys(config.connections[name] ?? {}), naming),
  );
  const fromFiles: FileVariable[] = files.flatMap(({ file, entries }) =>
    entries.map((entry) => ({ name: entry.name, source: `${file}:${entry.line}`, entry })),
  );
  const inherited = options.pristine
    ? { env: {}, removed: [] }
    : inheritedEnvironment(context.env, config.vault);
  const collisions = findCollisions([...fromConnections, ...fromFiles], inherited.env);
  if (collisions.length > 0 && !options.override) {
    throw collisionError(collisions, '--override to let the later one win');
  }
  if (globals.verbose && inherited.removed.length > 0) {
    context.stderr.write(`not passed to the program: ${inherited.removed.join(', ')}\n`);
  }
  const { variables, secrets } = await resolveVariables(
    config,
    connections,
    fromConnections,
    fromFiles,
  );
  const code = await runChild({
    command: program_ ?? '',
    args,
    env: { ...inherited.env, ...variables },
    searchPath: context.env.PATH,
    cwd: context.cwd,
    ...(options.mask ? { mask: secrets } : {}),
    stdout: context.stdout,
    stderr: context.stderr,
  });
  // The program's own exit code, which may be outside the table's 0-4.
  context.setExitCode(code as ExitCode);
}

/**
 * The values of every named variable, and which of them came from secrets or SecureString
 * parameters (only those are masked, never literals nor plain parameters), in one resolver
 * session.
 */
async function resolveVariables(
  config: Awaited<ReturnType<typeof loadCliConfig>>['config'],
  connections: string[],
  fromConnections: NamedVariable[],
  fromFiles: FileVariable[],
): Promise<{ variables: Record<string, string>; secrets: string[] }> {
  const variables: Record<string, string> = {};
  const secrets: string[] = [];
  await using resolver = await openResolver(config);
  if (connections.length > 0) {
    const resolved = await resolveConnectionsText(resolver, connections);
    secrets.push(...resolved.secrets);
    for (const variable of fromConnections) {
      const value = resolved.connections[variable.connection ?? '']?.[variable.property ?? ''];
      if (value !== undefined) variables[variable.name] = envText(value);
    }
  }
  const fileValues = await Promise.all(
    fromFiles.map(async ({ entry }) => {
      if (entry.kind === 'literal') return { value: entry.value, secret: false };
      if (entry.kind === 'secret') {
        return { value: valueText(await resolver.getValue(entry.reference)), secret: true };
      }
      // Masked as secrets are only when Parameter Store encrypts it: a SecureString.
      const parameter = await resolver.getParameter(entry.reference);
      return { value: parameter.Value, secret: parameter.Type === 'SecureString' };
    }),
  );
  fromFiles.forEach(({ entry }, index) => {
    const { value, secret } = fileValues[index]!;
    variables[entry.name] = value;
    if (secret) {
      secrets.push(value);
      protect(value);
    }
  });
  return { variables, secrets };
}

/**
 * Node.js reads `--env-file` wherever it stands in the command line, even after the script
 * name (nodejs/node#54232), so by the time vaultline runs, Node has already set the file's
 * variables in vaultline's own environment (NODE_OPTIONS included), or exited with
 * `node: FILE: not found`. vaultline cannot use the flag safely: it refuses it and names the
 * one it reads instead.
 */
function refuseNodeEnvFile(files: string[]): CliError {
  return new CliError(
    'USAGE',
    `--env-file is read by Node.js itself before vaultline starts (it loaded ${files.join(', ')} into vaultline's own environment): use --dotenv FILE`,
    { hint: `vaultline exec --dotenv ${files[0]} -- <program>` },
  );
}
