import type { RawIssue } from './issues.js';
import { AUTH_TYPE_KEYS, AUTH_TYPES, type AuthType } from './schema.js';

/** One environment variable that overrides a config key. */
export interface EnvironmentOverride {
  variable: string;
  /** The overridden key, e.g. `['vault', 'region']`. */
  segments: readonly string[];
  /** Numbers are read as numbers when they are digits only. */
  kind: 'string' | 'number';
  description: string;
}

const vault = (
  variable: string,
  key: string,
  description: string,
  kind: 'string' | 'number' = 'string',
): EnvironmentOverride => ({ variable, segments: ['vault', key], kind, description });

/**
 * The environment variables `loadConfig` reads, each overriding one key of the file.
 * An empty variable counts as unset.
 */
export const ENVIRONMENT_OVERRIDES: readonly EnvironmentOverride[] = [
  vault(
    'VAULTLINE_AUTH_TYPE',
    'authType',
    'vault.authType; keys of the file that the new type does not use are dropped with a warning',
  ),
  vault('VAULTLINE_REGION', 'region', 'vault.region'),
  vault('VAULTLINE_ENDPOINT', 'endpoint', 'vault.endpoint (Secrets Manager endpoint override)'),
  vault('VAULTLINE_ACCOUNT_ID', 'accountId', 'vault.accountId'),
  vault('VAULTLINE_IAM_ROLE', 'iamRole', 'vault.iamRole'),
  vault('VAULTLINE_EXTERNAL_ID', 'externalId', 'vault.externalId'),
  vault('VAULTLINE_SESSION_NAME', 'sessionName', 'vault.sessionName'),
  vault('VAULTLINE_DURATION_SECONDS', 'durationSeconds', 'vault.durationSeconds', 'number'),
  vault('VAULTLINE_STS_ENDPOINT', 'stsEndpoint', 'vault.stsEndpoint'),
  vault('VAULTLINE_STS_ENDPOINT_REGION', 'stsEndpointRegion', 'vault.stsEndpointRegion'),
  vault('VAULTLINE_SOURCE_CREDENTIALS', 'sourceCredentials', 'vault.sourceCredentials'),
  vault('VAULTLINE_ACCESS_KEY_ID', 'accessKeyId', 'vault.accessKeyId'),
  vault(
    'VAULTLINE_SECRET_ACCESS_KEY',
    'secretAccessKey',
    'vault.secretAccessKey (keeps the key out of the file)',
  ),
  vault('VAULTLINE_SESSION_TOKEN', 'sessionToken', 'vault.sessionToken'),
  {
    variable: 'VAULTLINE_CACHE_TTL_SECONDS',
    segments: ['vault', 'cache', 'ttlSeconds'],
    kind: 'number',
    description: 'vault.cache.ttlSeconds',
  },
  {
    variable: 'VAULTLINE_CACHE_MAX_ENTRIES',
    segments: ['vault', 'cache', 'maxEntries'],
    kind: 'number',
    description: 'vault.cache.maxEntries',
  },
  {
    variable: 'VAULTLINE_CACHE_MAX_STALE_SECONDS',
    segments: ['vault', 'cache', 'maxStaleSeconds'],
    kind: 'number',
    description: 'vault.cache.maxStaleSeconds',
  },
];

export interface AppliedOverrides {
  value: unknown;
  /** The overrides that were set, in table order. */
  applied: EnvironmentOverride[];
  warnings: RawIssue[];
}

type Env = Readonly<Record<string, string | undefined>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Applies the VAULTLINE_* variables to a parsed config without touching the input. A
 * missing vault section (or an empty file) is created when a variable needs it.
 *
 * @example
 * applyEnvironmentOverrides({ vault: { region: 'us-east-1' } }, { VAULTLINE_REGION: 'us-east-2' }).value;
 * // { vault: { region: 'us-east-2' } }
 */
export function applyEnvironmentOverrides(input: unknown, env: Env): AppliedOverrides {
  const applied = ENVIRONMENT_OVERRIDES.filter((override) => {
    const value = env[override.variable];
    return typeof value === 'string' && value.length > 0;
  });
  const warnings: RawIssue[] = [];
  if (applied.length === 0) return { value: input, applied, warnings };
  if (input !== null && input !== undefined && !isPlainObject(input))
    return { value: input, applied: [], warnings };

  const root: Record<string, unknown> = { ...(input ?? {}) };
  const fileVault = root.vault;
  if (fileVault !== undefined && !isPlainObject(fileVault))
    return { value: input, applied: [], warnings };
  const vaultSection: Record<string, unknown> = { ...(fileVault ?? {}) };
  root.vault = vaultSection;

  const newAuthType = env.VAULTLINE_AUTH_TYPE;
  if (
    newAuthType &&
    newAuthType !== vaultSection.authType &&
    AUTH_TYPES.includes(newAuthType as AuthType)
  ) {
    const accepted = AUTH_TYPE_KEYS[newAuthType as AuthType];
    const dropped = Object.keys(vaultSection).filter((key) => !accepted.includes(key));
    for (const key of dropped) delete vaultSection[key];
    if (dropped.length > 0) {
      warnings.push({
        segments: ['vault', 'authType'],
        message: `VAULTLINE_AUTH_TYPE=${newAuthType} overrides the file; ignoring ${dropped.join(', ')}, which authType ${newAuthType} does not use`,
      });
    }
  }

  for (const override of applied) {
    const raw = env[override.variable]!;
    const value = override.kind === 'number' && /^\d+$/.test(raw) ? Number(raw) : raw;
    let target = vaultSection;
    const path = override.segments.slice(1);
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      const copy: Record<string, unknown> = isPlainObject(next) ? { ...next } : {};
      target[key] = copy;
      target = copy;
    }
    target[path.at(-1)!] = value;
  }
  return { value: root, applied, warnings };
}

/** The override that set the value at `segments` (or at one of its parents), if any. */
export function overrideFor(
  applied: readonly EnvironmentOverride[],
  segments: readonly PropertyKey[],
): EnvironmentOverride | undefined {
  return applied.find((override) =>
    override.segments.every((segment, index) => segments[index] === segment),
  );
}
