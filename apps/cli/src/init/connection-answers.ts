import type { checkConnectionName, checkConnectionProperty } from '@vaultline/config';
import type { AnswerSource } from './answer-source.js';
import { type ConnectionGroup, parseProperty } from './connection-flags.js';

/** The property check of `validate`, for one `key=value` answer. */
const propertyCheck =
  (check: typeof checkConnectionProperty) =>
  (answer: string): string | undefined => {
    if (answer.indexOf('=') <= 0) {
      return 'expected key=value, or key=secret:<name or ARN>[:<json key>] for a secret';
    }
    const [key, value] = parseProperty(answer);
    const result = check({ [key]: value });
    return result.ok ? undefined : result.message;
  };

async function askProperties(
  source: AnswerSource,
  name: string,
  check: typeof checkConnectionProperty,
): Promise<string[]> {
  const properties: string[] = [];
  for (;;) {
    const property = await source.value({
      flag: '--property',
      given: undefined,
      text: `Property of ${name}: key=value, or key=secret:<name or ARN>[:<json key>] (empty: done)`,
      check: propertyCheck(check),
    });
    if (!property) return properties;
    properties.push(property);
  }
}

/**
 * The connections to write: the `--connection` groups given, or, at a prompt, as many as the
 * user adds, each with its properties checked as they are typed.
 *
 * @example
 * const connections = await askConnections(source, flags.groups(), { property, name });
 */
export async function askConnections(
  source: AnswerSource,
  given: readonly ConnectionGroup[],
  checks: { property: typeof checkConnectionProperty; name: typeof checkConnectionName },
): Promise<ConnectionGroup[]> {
  if (given.length > 0 || !source.interactive) return [...given];
  const connections: ConnectionGroup[] = [];
  for (;;) {
    const name = await source.value({
      flag: '--connection',
      given: undefined,
      text:
        connections.length === 0
          ? 'A connection to add, such as orders-db (empty: none)'
          : 'Another connection (empty: done)',
      check: (answer) => {
        if (connections.some((connection) => connection.name === answer)) {
          return `${answer} is already added; give another name`;
        }
        const result = checks.name(answer);
        return result.ok ? undefined : result.message;
      },
    });
    if (!name) return connections;
    connections.push({ name, properties: await askProperties(source, name, checks.property) });
  }
}

/**
 * The connections section of the file: each group's properties, literal or `{ secret }`.
 *
 * @example
 * connectionsSection([{ name: 'db', properties: ['host=db.internal'] }]); // { db: { host: 'db.internal' } }
 */
export function connectionsSection(
  groups: readonly ConnectionGroup[],
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    groups.map((group) => [group.name, Object.fromEntries(group.properties.map(parseProperty))]),
  );
}
