import { SECRETS_MANAGER_REFERENCE_PREFIX, secretNameOf } from '@vaultline/secret-names';

/**
 * What one token may read: secret-name prefixes, parameter-name prefixes, connection names
 * and the role ARNs it may name in `roleArn`; "*" means all.
 */
export interface Grant {
  /** A label for logs (the env variable's name or the configured name), never the token. */
  name: string;
  secrets: readonly string[];
  /** Parameter Store name prefixes (`/prod/app1/`); absent or empty: no parameter. */
  parameters?: readonly string[];
  connections: readonly string[];
  /** Role ARNs for `roleArn`; absent or empty: the token may not name a role. */
  roles?: readonly string[];
}

/** The agent's single token: every secret, every connection and every role. */
export const FULL_ACCESS: Grant = {
  name: 'default',
  secrets: ['*'],
  parameters: ['*'],
  connections: ['*'],
  roles: ['*'],
};

/** Whether one of the prefixes matches the start of the name ("*": every name; blank: none). */
function matchesPrefix(prefixes: readonly string[], name: string): boolean {
  for (const prefix of prefixes) {
    if (prefix === '*') return true;
    if (prefix.trim() !== '' && name.startsWith(prefix)) return true;
  }
  return false;
}

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
  return matchesPrefix(grant.secrets, secretNameOf(secretId));
}

/**
 * Whether a grant allows reading a parameter by its name (not its ARN: callers pass the
 * name the reference or Parameter Store gives). A Secrets Manager reference,
 * `/aws/reference/secretsmanager/<secret>`, reads a secret, so the token's secrets decide.
 *
 * @example
 * allowsParameter({ name: 'a', secrets: [], parameters: ['/prod/app1/'], connections: [] }, '/prod/app1/db/host'); // true
 */
export function allowsParameter(grant: Grant, parameterName: string): boolean {
  if (parameterName.startsWith(SECRETS_MANAGER_REFERENCE_PREFIX)) {
    const secretId = parameterName.slice(SECRETS_MANAGER_REFERENCE_PREFIX.length);
    return secretId !== '' && allowsSecret(grant, secretId);
  }
  return matchesPrefix(grant.parameters ?? [], parameterName);
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

/**
 * Whether a grant allows a `roleArn` request through this role: the exact ARN, or "*".
 *
 * @example
 * allowsRole({ name: 'a', secrets: ['*'], connections: [], roles: ['arn:aws:iam::111122223333:role/r'] }, 'arn:aws:iam::111122223333:role/r'); // true
 */
export function allowsRole(grant: Grant, roleArn: string): boolean {
  const roles = grant.roles ?? [];
  return roles.includes('*') || roles.includes(roleArn);
}
