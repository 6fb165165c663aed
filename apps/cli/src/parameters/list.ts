import type { ParameterMetadata, ParameterStringFilter } from '@aws-sdk/client-ssm';
import type { VaultlineConfig } from '@vaultline/config';
import { validateParameterName } from '@vaultline/secret-names';
import { loadSsmModule, openSsmClient, toCliAwsError } from '../aws.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { type GlobalOptions, wantsJson } from '../globals.js';

/** `list --parameter`'s options: a hierarchy path (one level, or every level with recursive). */
export interface ParameterListOptions {
  path?: string;
  recursive?: boolean;
  filter: string[];
}

const PARAMETER_TYPES = ['String', 'StringList', 'SecureString'];
const FILTER_KEYS: Readonly<Record<string, { key: string; option: string }>> = {
  name: { key: 'Name', option: 'BeginsWith' },
  type: { key: 'Type', option: 'Equals' },
  'key-id': { key: 'KeyId', option: 'Equals' },
};

/**
 * DescribeParameters filters from `--path P [--recursive]` and `--filter key=value` (name: a
 * name prefix, type, key-id), checked before any call.
 *
 * @example
 * parameterFilters({ path: '/prod/orders', recursive: true, filter: ['type=SecureString'] });
 * // [{ Key: 'Path', Option: 'Recursive', Values: ['/prod/orders'] }, { Key: 'Type', Option: 'Equals', Values: ['SecureString'] }]
 */
export function parameterFilters(options: ParameterListOptions): ParameterStringFilter[] {
  const filters: ParameterStringFilter[] = [];
  if (options.recursive && options.path === undefined) {
    throw new CliError('USAGE', '--recursive needs --path: it lists every level under that path', {
      hint: 'vaultline list --parameter --path /prod/orders --recursive (without --path, every parameter is listed)',
    });
  }
  if (options.path !== undefined) {
    checkPath(options.path);
    filters.push({
      Key: 'Path',
      Option: options.recursive ? 'Recursive' : 'OneLevel',
      Values: [options.path],
    });
  }
  const byKey = new Map<string, string[]>();
  for (const input of options.filter) {
    const at = input.indexOf('=');
    const key = at > 0 ? input.slice(0, at) : '';
    const value = at > 0 ? input.slice(at + 1) : '';
    if (!Object.hasOwn(FILTER_KEYS, key) || value === '') {
      throw new CliError(
        'USAGE',
        `--filter expects key=value with a key of ${Object.keys(FILTER_KEYS).join(', ')} for parameters; received '${input}'`,
        {
          hint: 'e.g. --filter name=/prod/ --filter type=SecureString --filter key-id=alias/aws/ssm',
        },
      );
    }
    if (key === 'type' && !PARAMETER_TYPES.includes(value)) {
      throw new CliError(
        'USAGE',
        `--filter type=${value}: a parameter type is ${PARAMETER_TYPES.join(', ')}`,
        {
          hint: '--filter type=SecureString',
        },
      );
    }
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  for (const [key, values] of byKey) {
    const { key: Key, option: Option } = FILTER_KEYS[key]!;
    filters.push({ Key, Option, Values: values });
  }
  return filters;
}

function checkPath(path: string): void {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const check = trimmed === '/' ? { valid: true, violations: [] } : validateParameterName(trimmed);
  if (path.startsWith('/') && check.valid) return;
  const why = path.startsWith('/')
    ? check.violations.map((violation) => violation.message).join('; ')
    : 'a path begins with /';
  throw new CliError('USAGE', `--path ${path} is not a parameter hierarchy path: ${why}`, {
    hint: "e.g. --path /prod/orders; 'vaultline names check --parameter <name>' explains a name",
  });
}

/**
 * `vaultline list --parameter`: DescribeParameters, every page, names and types (never
 * values). DescribeParameters needs ssm:DescribeParameters on "*".
 */
export async function listParameters(
  context: CliContext,
  globals: GlobalOptions,
  config: VaultlineConfig,
  filters: ParameterStringFilter[],
): Promise<void> {
  const [{ DescribeParametersCommand }, client] = await Promise.all([
    loadSsmModule(),
    openSsmClient(config),
  ]);
  const parameters: ParameterMetadata[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await client
        .send(
          new DescribeParametersCommand({
            ...(filters.length > 0 ? { ParameterFilters: filters } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
            MaxResults: 50,
          }),
        )
        .catch(async (error: unknown) => {
          throw await toCliAwsError(error, { action: 'DescribeParameters' });
        });
      parameters.push(...(page.Parameters ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  } finally {
    client.destroy();
  }
  printParameters(context, globals, parameters);
}

function printParameters(
  context: CliContext,
  globals: GlobalOptions,
  parameters: ParameterMetadata[],
): void {
  if (wantsJson(globals)) {
    const rows = parameters.map((parameter) => ({
      name: parameter.Name,
      arn: parameter.ARN,
      type: parameter.Type,
      version: parameter.Version,
      tier: parameter.Tier,
      ...(parameter.KeyId ? { keyId: parameter.KeyId } : {}),
      ...(parameter.Description ? { description: parameter.Description } : {}),
      lastModifiedDate: parameter.LastModifiedDate?.toISOString(),
    }));
    context.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (parameters.length > 0) {
    const width = Math.max(...parameters.map((parameter) => (parameter.Name ?? '').length));
    const lines = parameters.map(
      (parameter) =>
        `${(parameter.Name ?? '').padEnd(width)}  ${(parameter.Type ?? '').padEnd(12)}  ${parameter.ARN ?? ''}`,
    );
    context.stdout.write(`${lines.join('\n')}\n`);
  } else if (!globals.quiet) {
    context.stderr.write('no parameters matched\n');
  }
}
