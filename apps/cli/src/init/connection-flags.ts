import { CliError } from '../errors.js';

/** One connection to write: its name and its `key=value` properties, in the order given. */
export interface ConnectionGroup {
  name: string;
  properties: string[];
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
  return {
    onConnection(name: string): string {
      groups.push({ name, properties: [] });
      return name;
    },
    onProperty(property: string): string {
      const group = groups.at(-1);
      if (group) group.properties.push(property);
      else orphans.push(property);
      return property;
    },
    /** The groups given; a `--property` before any `--connection` is a usage error. */
    groups(): ConnectionGroup[] {
      const first = orphans[0];
      if (first !== undefined) {
        throw new CliError(
          'USAGE',
          `--property ${first.split('=')[0]}=… comes before any --connection: each --property belongs to the --connection before it`,
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
      return groups.map((group) => ({ ...group, properties: [...group.properties] }));
    },
  };
}

/**
 * Reads `key=value` (a literal) or `key=secret:<reference>` (a secret) into the form the
 * config file holds.
 *
 * @example
 * parseProperty('password=secret:prod/db:password'); // ['password', { secret: 'prod/db:password' }]
 */
export function parseProperty(input: string): [string, string | { secret: string }] {
  const at = input.indexOf('=');
  if (at <= 0) {
    throw new CliError(
      'USAGE',
      `--property expects key=value or key=secret:<reference>; received '${input.split('=')[0]}'`,
      { hint: '--property password=secret:prod/orders/db:password --property host=db.internal' },
    );
  }
  const key = input.slice(0, at);
  const value = input.slice(at + 1);
  return [key, value.startsWith('secret:') ? { secret: value.slice('secret:'.length) } : value];
}
