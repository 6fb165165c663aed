import { loadYamlModule } from './lazy.js';

/** The output formats of `vaultline resolve`. */
export const RESOLVE_FORMATS = ['json', 'env', 'dotenv', 'yaml'] as const;
export type ResolveFormat = (typeof RESOLVE_FORMATS)[number];

/** A connection's values, as plain text (numbers and booleans as written). */
export type Values = Record<string, string>;

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

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
const dotenvQuote = (value: string): string =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;

/**
 * Formats resolved connections: `json` and `yaml` keep the structure, `env` prints
 * `export NAME='value'` lines for a shell's eval, `dotenv` prints `NAME="value"` lines.
 * With one connection, env names are its properties; with several, prefixed by the connection.
 *
 * @example
 * await formatConnections({ db: { password: 'x' } }, 'env', true); // "export PASSWORD='x'\n"
 */
export async function formatConnections(
  connections: Record<string, Values>,
  format: ResolveFormat,
  single: boolean,
): Promise<string> {
  if (format === 'json') {
    const body = single ? Object.values(connections)[0] : connections;
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (format === 'yaml')
    return (await loadYamlModule()).stringify(single ? Object.values(connections)[0] : connections);
  const lines: string[] = [];
  for (const [connection, values] of Object.entries(connections)) {
    for (const [key, value] of Object.entries(values)) {
      const name = single ? envName(key) : envName(connection, key);
      lines.push(
        format === 'env' ? `export ${name}=${shellQuote(value)}` : `${name}=${dotenvQuote(value)}`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** A resolved value as text: bytes as base64, the rest as written. */
export function valueText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
