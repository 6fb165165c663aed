import { secretNameOf } from '@vaultline/secret-names';

/** What one token may read: secret-name prefixes and connection names; "*" means all. */
export interface Grant {
  /** A label for logs (the env variable's name or the configured name), never the token. */
  name: string;
  secrets: readonly string[];
  connections: readonly string[];
}

/** The agent's single token: every secret and every connection. */
export const FULL_ACCESS: Grant = { name: 'default', secrets: ['*'], connections: ['*'] };

/**
 * Whether a grant allows reading a secret: a prefix matches the start of the secret's name.
 * End prefixes with `/` so `prod/app1/` does not also allow `prod/app10/`. An empty or
 * blank prefix allows nothing (the settings refuse one; this guards grants built in code),
 * so only `"*"` ever means every secret.
 *
 * @example
 * allowsSecret({ name: 'app1', secrets: ['prod/app1/'], connections: [] }, 'prod/app2/x'); // false
 */
export function allowsSecret(grant: Grant, secretId: string): boolean {
  const name = secretNameOf(secretId);
  for (const prefix of grant.secrets) {
    if (prefix === '*') return true;
    if (prefix.trim() !== '' && name.startsWith(prefix)) return true;
  }
  return false;
}

/**
 * Whether a grant allows resolving a connection by name.
 *
 * @example
 * allowsConnection({ name: 'a', secrets: [], connections: ['orders'] }, 'orders'); // true
 */
export function allowsConnection(grant: Grant, connection: string): boolean {
  return grant.connections.includes('*') || grant.connections.includes(connection);
}
