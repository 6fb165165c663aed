import { type Command, Option } from 'commander';
import { openResolver } from '../aws.js';
import { resolveConnectionsText } from '../connections.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkPrefix } from '../exec/env-names.js';
import { ExitCode } from '../exit-codes.js';
import { formatConnections, RESOLVE_FORMATS, type ResolveFormat } from '../formats.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadCliConfig } from '../load.js';

/** `vaultline resolve <connection>|--all [--format json|env|dotenv|yaml]` */
export function registerResolve(program: Command, context: CliContext): void {
  program
    .command('resolve')
    .description("print a connection's properties with every secret reference resolved")
    .argument('[connection]', 'the connection name')
    .option('--all', 'every connection of the config')
    .addOption(new Option('--format <format>', 'output format').choices([...RESOLVE_FORMATS]))
    .option(
      '--prefix <prefix>',
      'env and dotenv: put this before each name made from a property (--prefix PG: password → PGPASSWORD)',
    )
    .addHelpText(
      'after',
      '\nenv prints `export NAME=\'value\'` lines (eval "$(vaultline resolve db --format env)"); dotenv prints NAME="value".\nNames are those `vaultline exec` gives: a connection\'s env: map, else its properties (ORDERS_DB_PASSWORD with --all).',
    )
    .action(
      async (
        name: string | undefined,
        options: { all?: boolean; format?: ResolveFormat; prefix?: string },
        command: Command,
      ) => {
        const globals = globalsOf(command);
        if ((name === undefined) === (options.all !== true)) {
          throw new CliError('USAGE', 'give one connection name or --all, not both nor neither', {
            hint: 'vaultline resolve orders-db   or   vaultline resolve --all',
          });
        }
        const json = wantsJson(globals);
        if (json && options.format !== undefined && options.format !== 'json') {
          throw new CliError(
            'USAGE',
            `--json prints JSON; it cannot be used with --format ${options.format}`,
            {
              hint: `drop --json to get ${options.format}, or drop --format to get JSON`,
            },
          );
        }
        const format = options.format ?? (json ? 'json' : 'yaml');
        checkPrefix(options.prefix);
        const { config } = await loadCliConfig(context, globals);
        await using resolver = await openResolver(config);
        const result = await resolveConnectionsText(
          resolver,
          name === undefined ? undefined : [name],
        );
        context.stdout.write(
          await formatConnections(result.connections, format, name !== undefined, {
            ...(options.prefix ? { prefix: options.prefix } : {}),
            ...(config.connectionEnv ? { envMaps: config.connectionEnv } : {}),
          }),
        );
        if (result.stale && !globals.quiet) {
          context.stderr.write('warning: AWS could not be reached; some values are stale\n');
        }
        context.setExitCode(ExitCode.OK);
      },
    );
}
