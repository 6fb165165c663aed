import {
  collisionError,
  type EnvNaming,
  findCollisions,
  nameConnection,
} from './exec/env-names.js';
import { loadYamlModule } from './lazy.js';

/** The output formats of `vaultline resolve`. */
export const RESOLVE_FORMATS = ['json', 'env', 'dotenv', 'yaml'] as const;
export type ResolveFormat = (typeof RESOLVE_FORMATS)[number];

/**
 * A connection's values, as plain text (numbers and booleans as written), or a list: a
 * StringList parameter referenced with `as: list`.
 */
export type Values = Record<string, string | string[]>;

/**
 * A value as an environment variable holds it: a list joined by `,`, as Parameter Store
 * stores a StringList.
 *
 * @example
 * envText(['a.example.com', 'b.example.com']); // 'a.example.com,b.example.com'
 */
export const envText = (value: string | readonly string[]): string =>
  typeof value === 'string' ? value : value.join(',');

export { envName } from './exec/env-names.js';

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
const dotenvQuote = (value: string): string =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;

/**
 * Formats resolved connections: `json` and `yaml` keep the structure, `env` prints
 * `export NAME='value'` lines for a shell's eval, `dotenv` prints `NAME="value"` lines.
 * Variables are named as `vaultline exec` names them (`nameConnection`: a connection's
 * `env:` map, else its properties after `prefix`); with several connections, each name
 * begins with its connection's. A name given twice is a CliError (exit 2).
 *
 * @example
 * await formatConnections({ db: { password: 'x' } }, 'env', true); // "export PASSWORD='x'\n"
 */
export async function formatConnections(
  connections: Record<string, Values>,
  format: ResolveFormat,
  single: boolean,
  naming: Omit<EnvNaming, 'qualify'> = {},
): Promise<string> {
  if (format === 'json') {
    const body = single ? Object.values(connections)[0] : connections;
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (format === 'yaml')
    return (await loadYamlModule()).stringify(single ? Object.values(connections)[0] : connections);
  const variables = Object.entries(connections).flatMap(([connection, values]) =>
    nameConnection(connection, Object.keys(values), { ...naming, qualify: !single }),
  );
  const collisions = findCollisions(variables, {});
  if (collisions.length > 0) throw collisionError(collisions);
  const lines = variables.map(({ name, connection, property }) => {
    const value = envText(connections[connection ?? '']?.[property ?? ''] ?? '');
    return format === 'env'
      ? `export ${name}=${shellQuote(value)}`
      : `${name}=${dotenvQuote(value)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** A resolved value as text: bytes as base64, a list joined by `,`, the rest as written. */
export function valueText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return envText(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
