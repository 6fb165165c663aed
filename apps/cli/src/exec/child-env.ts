import type { VaultConfig } from '@vaultline/config';

/**
 * The sidecar's token variables (`ssrf_env_variables` of @vaultline/sidecar by default):
 * a program run by `exec` gets its values, not the key to every other secret.
 */
export const SIDECAR_TOKEN_VARIABLES = [
  'AWS_TOKEN',
  'AWS_SESSION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
] as const;

/** The AWS SDK's environment credentials (its `fromEnv` provider). */
export const AWS_ENV_CREDENTIALS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

/** Whether the vault signs with the SDK's default chain, which reads the AWS_* keys first. */
const usesDefaultChain = (vault: VaultConfig): boolean =>
  vault.authType === 'default-chain' ||
  (vault.authType === 'role-based' && vault.sourceCredentials === 'default-chain');

/**
 * The environment a program run by `vaultline exec` inherits: vaultline's minus its own
 * credentials and settings. Removed: every `VAULTLINE_*` variable; `AWS_TOKEN`; the other
 * sidecar token variables when they are no part of an AWS credential (`AWS_SESSION_TOKEN`
 * without `AWS_ACCESS_KEY_ID`, `AWS_CONTAINER_AUTHORIZATION_TOKEN` without
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI`); and `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
 * and `AWS_SESSION_TOKEN` when the vault signed with them (the default chain, directly or
 * as a role's source, with both keys set). Also returns the names removed, for `--verbose`.
 *
 * @example
 * inheritedEnvironment(process.env, config.vault).env; // no VAULTLINE_SECRET_ACCESS_KEY, no AWS_TOKEN
 */
export function inheritedEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  vault: VaultConfig,
): { env: Record<string, string>; removed: string[] } {
  const has = (name: string) => parent[name] !== undefined;
  // A token variable that completes an AWS credential the program may use is left alone.
  const completes: Record<string, string> = {
    AWS_SESSION_TOKEN: 'AWS_ACCESS_KEY_ID',
    AWS_CONTAINER_AUTHORIZATION_TOKEN: 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  };
  const drop = new Set<string>();
  for (const name of SIDECAR_TOKEN_VARIABLES) {
    const partner = completes[name];
    if (partner === undefined || !has(partner)) drop.add(name);
  }
  if (usesDefaultChain(vault) && has('AWS_ACCESS_KEY_ID') && has('AWS_SECRET_ACCESS_KEY')) {
    for (const name of AWS_ENV_CREDENTIALS) drop.add(name);
  }
  const env: Record<string, string> = {};
  const removed: string[] = [];
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (name.startsWith('VAULTLINE_') || drop.has(name)) removed.push(name);
    else env[name] = value;
  }
  return { env, removed: removed.sort() };
}
