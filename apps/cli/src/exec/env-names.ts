import type { NameCollision } from '@vaultline/config';
import { CliError } from '../errors.js';

// The naming rules live in @vaultline/config (connection-env-names.ts); exec and resolve
// import them from here together with the CLI's own messages about them.
export {
  type EnvNaming,
  envName,
  findCollisions,
  type NameCollision,
  type NamedVariable,
  nameConnection,
} from '@vaultline/config';

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
