// Packages that are costly to evaluate (zod schemas, the YAML parser, the policy
// generator) are imported where a command needs them, so `--help`, `--version`, `names`
// and `completion` start without them. esbuild keeps each one's evaluation deferred.

/** @vaultline/config, loaded on first use. @example const { loadConfig } = await loadConfigModule(); */
export const loadConfigModule = (): Promise<typeof import('@vaultline/config')> =>
  import('@vaultline/config');

/** @vaultline/policies, loaded on first use. @example const { generatePolicy } = await loadPoliciesModule(); */
export const loadPoliciesModule = (): Promise<typeof import('@vaultline/policies')> =>
  import('@vaultline/policies');

/** The yaml package, loaded on first use. @example const { stringify } = await loadYamlModule(); */
export const loadYamlModule = (): Promise<typeof import('yaml')> => import('yaml');

/** The authentication types of @vaultline/config, for help texts (a test keeps them equal). */
export const AUTH_TYPE_NAMES = [
  'role-based',
  'instance-profile',
  'access-key',
  'default-chain',
] as const;

/** The document ids of @vaultline/policies, for help texts (a test keeps them equal). */
export const POLICY_ID_NAMES = [
  'read-policy',
  'instance-profile-policy',
  'trust-policy',
  'kms-key-policy',
  'secret-resource-policy',
  'agent-cross-account-policy',
] as const;
