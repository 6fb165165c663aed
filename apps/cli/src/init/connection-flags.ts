import { CliError } from '../errors.js';
import { PARAMETER_ARGUMENT_PREFIX } from '../reference-argument.js';

/** One connection to write: its name, its `key=value` properties and `NAME=property` variables. */
export interface ConnectionGroup {
  name: string;
  properties: string[];
  env: string[];
}

/**
 * Groups `--connection NAME --property k=v ... --connection OTHER --property ...` in the
 * order they appear: each `--property` belongs to the `--connection` before it. Commander
 * parses options in argv order and calls these handlers as it goes, which is the order
 * that matters here (two separate lists would lose which property goes where).
 *
 * @example
 * const flags = createConnectionFlags();
 * program.option('--connection <name>', '…', flags.onConnection)
 *   .option('--property <key=value>', '…', flags.onProperty);
 */
export function createConnectionFlags() {
  const groups: ConnectionGroup[] = [];
  const orphans: string[] = [];
  const add = (kind: 'properties' | 'env', flag: string) => (value: string) => {
    const group = groups.at(-1);
    if (group) group[kind].push(value);
    else orphans.push(`${flag} ${value.split('=')[0]}=…`);
    return value;
  };
  return {
    onConnection(name: string): string {
      groups.push({ name, properties: [], env: [] });
      return name;
    },
    onProperty: add('properties', '--property'),
    onEnv: add('env', '--env'),
    /** The groups given; a `--property` before any `--connection` is a usage error. */
    groups(): ConnectionGroup[] {
      const first = orphans[0];
      if (first !== undefined) {
        throw new CliError(
          'USAGE',
          `${first} comes before any --connection: each --property and --env belongs to the --connection before it`,
          {
            hint: '--connection orders-db --property host=db.internal --property password=secret:prod/db:password',
          },
        );
      }
      const seen = new Set<string>();
      for (const { name } of groups) {
        if (seen.has(name)) {
          throw new CliError('USAGE', `--connection ${name} is given twice`, {
            hint: 'give each connection once, followed by all of its --property flags',
          });
        }
        seen.add(name);
      }
      return groups.map((group) => ({
        ...group,
        properties: [...group.properties],
        env: [...group.env],
      }));
    },
  };
}

/**
 * Reads `key=value` (a literal), `key=secret:<reference>` (a secret) or `key=ssm:<reference>`
 * (a Parameter Store parameter) into the form the config file holds.
 *
 * @example
 * parseProperty('password=secret:prod/db:password'); // ['password', { secret: 'prod/db:password' }]
 * parseProperty('host=ssm:/prod/db/host'); // ['host', { parameter: '/prod/db/host' }]
 */
export function parseProperty(
  input: string,
): [string, string | { secret: string } | { parameter: string }] {
  const at = input.indexOf('=');
  if (at <= 0) {
    throw new CliError(
      'USAGE',
      `--property expects key=value, key=secret:<reference> or key=ssm:<parameter>; received '${input.split('=')[0]}'`,
      { hint: '--property password=secret:prod/orders/db:password --property host=db.internal' },
    );
  }
  const key = input.slice(0, at);
  const value = input.slice(at + 1);
  if (value.startsWith('secret:')) return [key, { secret: value.slice('secret:'.length) }];
  if (value.startsWith(PARAMETER_ARGUMENT_PREFIX)) {
    return [key, { parameter: value.slice(PARAMETER_ARGUMENT_PREFIX.length) }];
  }
  return [key, value];
}

/**
 * Reads `NAME=property` (an environment variable of `vaultline exec` and the property it
 * carries) into a pair of the connection's `env:` map.
 *
 * @example
 * parseEnvEntry('PGPASSWORD=password'); // ['PGPASSWORD', 'password']
 */
export function parseEnvEntry(input: string): [string, string] {
  const at = input.indexOf('=');
  if (at <= 0 || at === input.length - 1) {
    throw new CliError(
      'USAGE',
      `--env expects NAME=property, such as PGPASSWORD=password; received '${input.slice(0, 60)}'`,
      {
        hint: '--connection db --property password=secret:prod/db:password --env PGPASSWORD=password',
      },
    );
  }
  return [input.slice(0, at), input.slice(at + 1)];
}
