import type { ConnectionEnv } from './schema.js';

/** `orders-db` + `password` → `ORDERS_DB_PASSWORD`: a name every shell accepts. */
export function envName(...parts: string[]): string {
  const name = parts
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** How variables are named from a connection's properties. */
export interface EnvNaming {
  /** Put before every name made from a property (`PG` + `password` → `PGPASSWORD`). */
  prefix?: string;
  /** Begin each name with its connection's (`resolve --all`): `ORDERS_DB_PASSWORD`. */
  qualify?: boolean;
  /** The config's `env:` maps, by connection: when a connection has one, exactly its names. */
  envMaps?: Readonly<Record<string, ConnectionEnv>>;
}

/** One variable to set, where its value comes from, and who asked for it (for messages). */
export interface NamedVariable {
  name: string;
  /** The connection and property, or the env file, it comes from. */
  connection?: string;
  property?: string;
  source: string;
}

/**
 * The variable names of a connection's properties, the one rule `vaultline exec` and
 * `vaultline resolve --format env|dotenv` share: with an `env:` map, its names as written
 * (and only those properties); otherwise each property's name in upper snake case
 * (`apiKey` → `API_KEY`), after the connection's name when `qualify`, after `prefix`.
 *
 * @example
 * nameConnection('orders-db', ['password', 'host'], {}); // PASSWORD, HOST
 * nameConnection('orders-db', ['password'], { envMaps: { 'orders-db': { PGPASSWORD: 'password' } } }); // PGPASSWORD
 */
export function nameConnection(
  connection: string,
  properties: readonly string[],
  naming: EnvNaming,
): NamedVariable[] {
  const map = naming.envMaps?.[connection];
  if (map) {
    return Object.entries(map).map(([name, property]) => ({
      name,
      connection,
      property,
      source: `connection ${connection} (${property}, named by its env: map)`,
    }));
  }
  return properties.map((property) => ({
    name: `${naming.prefix ?? ''}${naming.qualify ? envName(connection, property) : envName(property)}`,
    connection,
    property,
    source: `connection ${connection} (${property})`,
  }));
}

/** A name set more than once, and by whom. */
export interface NameCollision {
  name: string;
  sources: string[];
}

/**
 * The names given twice: by two connections, a connection and an env file, or by one of
 * them and `existing` (the environment the program would inherit).
 *
 * @example
 * findCollisions([{ name: 'PASSWORD', source: 'connection a (password)' }, { name: 'PASSWORD', source: 'connection b (password)' }], {});
 */
export function findCollisions(
  variables: readonly NamedVariable[],
  existing: Readonly<Record<string, string | undefined>>,
): NameCollision[] {
  const byName = new Map<string, string[]>();
  for (const variable of variables) {
    const sources = byName.get(variable.name) ?? [];
    sources.push(variable.source);
    byName.set(variable.name, sources);
  }
  const collisions: NameCollision[] = [];
  for (const [name, sources] of byName) {
    const inherited = existing[name] !== undefined;
    if (sources.length > 1 || inherited) {
      collisions.push({ name, sources: inherited ? ['the environment', ...sources] : sources });
    }
  }
  return collisions;
}
