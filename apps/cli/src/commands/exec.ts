import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import { openResolver } from '../aws.js';
import { resolveConnectionsText } from '../connections.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { parseEnvFile } from '../exec/env-file.js';
import { runChild } from '../exec/run-child.js';
import type { ExitCode } from '../exit-codes.js';
import { envName, valueText } from '../formats.js';
import { globalsOf } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { protect } from '../sensitive.js';

interface ExecOptions {
  connection?: string[];
  envFile?: string[];
  pristine?: boolean;
  mask: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `vaultline exec (--connection NAME | --env-file FILE) [--pristine] [--no-mask] -- cmd ...` */
export function registerExec(program: Command, context: CliContext): void {
  program
    .command('exec')
    .description('run a program with resolved secret values in its environment')
    .argument('<command...>', 'the program and its arguments, after --')
    .option(
      '--connection <name>',
      "a connection whose properties become variables (ORDERS_DB's password → PASSWORD); repeatable",
      collect,
    )
    .option(
      '--env-file <file>',
      'NAME=secret:<reference> and NAME=literal lines; repeatable',
      collect,
    )
    .option('--pristine', 'give the program only these variables, not vaultline’s own environment')
    .option('--no-mask', "do not mask secret values in the program's stdout and stderr")
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  vaultline exec --env-file .env.vaultline -- psql -h db.internal',
        '  (.env.vaultline: PGPASSWORD=secret:prod/orders/db:password)',
        '',
        "Signals (INT, TERM, HUP) are passed to the program; vaultline exits with the program's",
        'exit code, or 128 + the signal number when a signal ended it.',
      ].join('\n'),
    )
    .action(async (argv: string[], options: ExecOptions, command: Command) => {
      const globals = globalsOf(command);
      const connections = options.connection ?? [];
      const envFiles = options.envFile ?? [];
      if (connections.length === 0 && envFiles.length === 0) {
        throw new CliError('USAGE', 'exec needs --connection NAME or --env-file FILE', {
          hint: 'vaultline exec --connection orders-db -- ./server',
        });
      }
      const [program_, ...args] = argv;
      const entries = (
        await Promise.all(
          envFiles.map(async (file) => {
            const path = isAbsolute(file) ? file : join(context.cwd, file);
            const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
              throw new CliError(
                'ENV_FILE_INVALID',
                `cannot read env file ${file}: ${error.code ?? error.message}`,
                {
                  hint: 'give the path of a file with NAME=secret:<reference> lines',
                },
              );
            });
            return parseEnvFile(text, file);
          }),
        )
      ).flat();
      const { config } = await loadCliConfig(context, globals);
      const variables: Record<string, string> = {};
      const secrets: string[] = [];
      {
        await using resolver = await openResolver(config);
        if (connections.length > 0) {
          const resolved = await resolveConnectionsText(resolver, config, connections);
          secrets.push(...resolved.secrets);
          for (const values of Object.values(resolved.connections)) {
            for (const [key, value] of Object.entries(values)) variables[envName(key)] = value;
          }
        }
        const fromFile = await Promise.all(
          entries.map(async (entry) =>
            entry.kind === 'literal'
              ? ([entry.name, entry.value, false] as const)
              : ([entry.name, valueText(await resolver.getValue(entry.reference)), true] as const),
          ),
        );
        for (const [name, value, secret] of fromFile) {
          variables[name] = value;
          if (secret) {
            secrets.push(value);
            protect(value);
          }
        }
      }
      const env = options.pristine ? { ...variables } : { ...context.env, ...variables };
      const code = await runChild({
        command: program_ ?? '',
        args,
        env,
        searchPath: context.env.PATH,
        cwd: context.cwd,
        ...(options.mask ? { mask: secrets } : {}),
        stdout: context.stdout,
        stderr: context.stderr,
      });
      // The program's own exit code, which may be outside the table's 0-4.
      context.setExitCode(code as ExitCode);
    });
}
