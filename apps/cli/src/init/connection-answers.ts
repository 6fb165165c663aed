import type { checkConnectionName, checkConnectionProperty } from '@vaultline/config';
import type { AnswerSource } from './answer-source.js';
import { type ConnectionGroup, parseEnvEntry, parseProperty } from './connection-flags.js';

/** The property check of `validate`, for one `key=value` answer. */
const propertyCheck =
  (check: typeof checkConnectionProperty) =>
  (answer: string): string | undefined => {
    if (answer.indexOf('=') <= 0) {
      return 'expected key=value, key=secret:<name or ARN>[:<json key>] for a secret, or key=ssm:<name>[:<version or label>] for a parameter';
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
      text: `Property of ${name}: key=value, key=secret:<name or ARN>[:<json key>] or key=ssm:<parameter> (empty: done)`,
      check: propertyCheck(check),
    });
    if (!property) return properties;
    properties.push(property);
  }
}

const propertiesOf = (properties: readonly string[]) =>
  Object.fromEntries(properties.map(parseProperty));

/** `NAME=property NAME=property`, checked with the properties given: `validate`'s env: rules. */
const envCheck =
  (check: typeof checkConnectionProperty, properties: readonly string[]) =>
  (answer: string): string | undefined => {
    const pairs = answer.split(/[\s,]+/).filter(Boolean);
    const bad = pairs.find((pair) => pair.indexOf('=') <= 0 || pair.endsWith('='));
    if (bad !== undefined)
      return `expected NAME=property, such as PGPASSWORD=password; got '${bad}'`;
    const env = Object.fromEntries(pairs.map(parseEnvEntry));
    const result = check({ ...propertiesOf(properties), env });
    return result.ok ? undefined : result.message;
  };

/** The environment variables `vaultline exec` sets for this connection, if the user wants them. */
async function askEnv(
  source: AnswerSource,
  name: string,
  properties: readonly string[],
  check: typeof checkConnectionProperty,
): Promise<string[]> {
  if (properties.length === 0) return [];
  const answer = await source.value({
    flag: '--env',
    given: undefined,
    text: `Environment variables of ${name} for vaultline exec, NAME=property ... (PGPASSWORD=password; empty: none)`,
    check: envCheck(check, properties),
  });
  return (answer ?? '').split(/[\s,]+/).filter(Boolean);
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
    const properties = await askProperties(source, name, checks.property);
    const env = await askEnv(source, name, properties, checks.property);
    connections.push({ name, properties, env });
  }
}

/**
 * The connections section of the file: each group's properties, literal or `{ secret }`, and
 * its `env:` map when it has one.
 *
 * @example
 * connectionsSection([{ name: 'db', properties: ['host=db.internal'], env: ['PGHOST=host'] }]);
 * // { db: { host: 'db.internal', env: { PGHOST: 'host' } } }
 */
export function connectionsSection(
  groups: readonly ConnectionGroup[],
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    groups.map((group) => [
      group.name,
      {
        ...propertiesOf(group.properties),
        ...(group.env.length > 0 ? { env: Object.fromEntries(group.env.map(parseEnvEntry)) } : {}),
      },
    ]),
  );
}
