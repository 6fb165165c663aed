import type { Filter, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { VaultlineConfig } from '@vaultline/config';
import type { Command } from 'commander';
import { loadSdkModule, openSecretsClient, toCliAwsError } from '../aws.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { type GlobalOptions, globalsOf, wantsJson } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { listParameters, parameterFilters } from '../parameters/list.js';

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

/** `key=value` → a ListSecrets filter; several values of one key are merged. */
export function parseFilters(inputs: readonly string[]): Filter[] {
  const byKey = new Map<string, string[]>();
  for (const input of inputs) {
    const at = input.indexOf('=');
    const key = at > 0 ? input.slice(0, at) : '';
    const value = at > 0 ? input.slice(at + 1) : '';
    if (!FILTER_KEYS.includes(key) || value === '') {
      throw new CliError(
        'USAGE',
        `--filter expects key=value with a key of ${FILTER_KEYS.join(', ')}; received '${input}'`,
        {
          hint: 'e.g. --filter name=prod/ --filter tag-key=team (a leading ! negates: name=!test)',
        },
      );
    }
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  return [...byKey].map(([Key, Values]) => ({ Key: Key as Filter['Key'], Values }));
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface ListOptions {
  filter: string[];
  parameter?: boolean;
  path?: string;
  recursive?: boolean;
}

/**
 * `vaultline list [--filter key=value ...]`: secret names and ARNs; with `--parameter`
 * (`--path P [--recursive]`), Parameter Store names and types. Never values.
 */
export function registerList(program: Command, context: CliContext): void {
  program
    .command('list')
    .description(
      'list the secrets (or, with --parameter, the parameters) the configured identity can see (names, never values)',
    )
    .option(
      '--filter <key=value>',
      `a ListSecrets filter (${FILTER_KEYS.join(', ')}); with --parameter: name (a prefix), type, key-id; repeatable`,
      collect,
      [] as string[],
    )
    .option(
      '--parameter',
      'list Parameter Store parameters (DescribeParameters) instead of secrets',
    )
    .option('--path <path>', 'parameters one level under this hierarchy path (implies --parameter)')
    .option('--recursive', 'with --path: every level under it')
    .action(async (options: ListOptions, command: Command) => {
      const globals = globalsOf(command);
      // Filters are checked before the config is read or AWS is called.
      if (options.parameter || options.path !== undefined || options.recursive) {
        const filters = parameterFilters(options);
        const { config } = await loadCliConfig(context, globals);
        await listParameters(context, globals, config, filters);
      } else {
        const filters = parseFilters(options.filter);
        const { config } = await loadCliConfig(context, globals);
        await listSecrets(context, globals, config, filters);
      }
      context.setExitCode(ExitCode.OK);
    });
}

/** ListSecrets, every page: names and ARNs. */
async function listSecrets(
  context: CliContext,
  globals: GlobalOptions,
  config: VaultlineConfig,
  filters: Filter[],
): Promise<void> {
  const [{ ListSecretsCommand }, client] = await Promise.all([
    loadSdkModule(),
    openSecretsClient(config),
  ]);
  const secrets: SecretListEntry[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await client
        .send(
          new ListSecretsCommand({
            ...(filters.length > 0 ? { Filters: filters } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
            MaxResults: 100,
          }),
        )
        .catch(async (error: unknown) => {
          throw await toCliAwsError(error, { action: 'ListSecrets' });
        });
      secrets.push(...(page.SecretList ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  } finally {
    client.destroy();
  }
  if (wantsJson(globals)) {
    const rows = secrets.map((secret) => ({
      name: secret.Name,
      arn: secret.ARN,
      description: secret.Description,
      lastChangedDate: secret.LastChangedDate?.toISOString(),
      tags: Object.fromEntries((secret.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
    }));
    context.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (secrets.length > 0) {
    const width = Math.max(...secrets.map((secret) => (secret.Name ?? '').length));
    context.stdout.write(
      `${secrets.map((secret) => `${(secret.Name ?? '').padEnd(width)}  ${secret.ARN}`).join('\n')}\n`,
    );
  } else if (!globals.quiet) {
    context.stderr.write('no secrets matched\n');
  }
}
