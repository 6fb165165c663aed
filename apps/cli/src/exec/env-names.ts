import type { ConnectionEnv } from '@vaultline/config';
import { CliError } from '../errors.js';

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

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a `--prefix`: empty, or the start of a variable name.
 *
 * @example
 * checkPrefix('PG'); // ok; checkPrefix('pg-'): CliError USAGE
 */
export function checkPrefix(prefix: string | undefined): void {
  if (prefix === undefined || prefix === '' || VARIABLE_NAME.test(prefix)) return;
  throw new CliError(
    'USAGE',
    `--prefix '${prefix.slice(0, 40)}' cannot begin a variable name: use letters, digits and _, not starting with a digit`,
    { hint: '--prefix PG names password PGPASSWORD; --prefix ORDERS_ names it ORDERS_PASSWORD' },
  );
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

/**
 * The error for name collisions (exit 2): each name and who sets it, on one line, and how
 * to keep them apart. Never a value.
 *
 * @example
 * throw collisionError(collisions, '--override lets the later one win');
 */
export function collisionError(collisions: readonly NameCollision[], override?: string): CliError {
  const shown = collisions
    .slice(0, 5)
    .map((collision) => `${collision.name} (${collision.sources.join(', ')})`)
    .join('; ');
  const more = collisions.length > 5 ? `; and ${collisions.length - 5} more` : '';
  return new CliError(
    'USAGE',
    `${collisions.length === 1 ? 'a variable is' : `${collisions.length} variables are`} set twice: ${shown}${more}`,
    {
      hint: `name them apart with --prefix, or with an env: map on a connection in the config (env: { DB_PASSWORD: password })${override ? `; or ${override}` : ''}`,
    },
  );
}
