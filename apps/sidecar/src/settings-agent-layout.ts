// AWS's agent v3 reads a TOML file in one of two layouts (aws/aws-workload-credentials-provider,
// aws_workload_credentials_provider_common/src/config/types.rs ConfigInput and validator.rs):
// the old flat keys at the root, or `[logging]` and `[capabilities.secrets_manager]` with its
// `.cache`, `.security` and `.prefetch` tables. Both are turned here into the sidecar's flat
// settings, which the zod schema (settings.ts) then validates with the agent's ranges.

/** A key of the v3 layout that a problem is about, and what is wrong. */
export interface LayoutProblem {
  path: string;
  message: string;
}

/** The agent's flat keys, and where each lives in the v3 layout (validator.rs reject_flat_keys). */
const FLAT_TO_NESTED: Record<string, string> = {
  http_port: 'capabilities.secrets_manager.http_port',
  ttl_seconds: 'capabilities.secrets_manager.cache.ttl_seconds',
  cache_size: 'capabilities.secrets_manager.cache.cache_size',
  max_conn: 'capabilities.secrets_manager.max_conn',
  max_roles: 'capabilities.secrets_manager.max_roles',
  region: 'capabilities.secrets_manager.region',
  ssrf_headers: 'capabilities.secrets_manager.security.ssrf_headers',
  ssrf_env_variables: 'capabilities.secrets_manager.security.ssrf_env_variables',
  path_prefix: 'capabilities.secrets_manager.path_prefix',
  ignore_transient_errors: 'capabilities.secrets_manager.ignore_transient_errors',
  validate_credentials: 'capabilities.secrets_manager.validate_credentials',
  credentials_file_path: 'capabilities.secrets_manager.credentials_file_path',
  prefetch: 'capabilities.secrets_manager.prefetch',
  log_level: 'logging.log_level',
  log_to_file: 'logging.log_to_file',
};

/** Keys of `[capabilities.secrets_manager]` that keep their name as flat settings. */
const SECRETS_MANAGER_KEYS = new Set([
  'enabled',
  'http_port',
  'cache',
  'security',
  'path_prefix',
  'max_conn',
  'max_roles',
  'region',
  'ignore_transient_errors',
  'validate_credentials',
  'prefetch',
  'credentials_file_path',
]);

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Copies a table's keys into `out`, refusing keys the agent does not know. */
function copyTable(
  table: unknown,
  path: string,
  known: readonly string[],
  out: Record<string, unknown>,
  problems: LayoutProblem[],
): void {
  if (table === undefined) return;
  if (!isTable(table)) {
    problems.push({ path, message: 'must be a table' });
    return;
  }
  for (const [key, value] of Object.entries(table)) {
    if (known.includes(key)) out[key] = value;
    else problems.push({ path: `${path}.${key}`, message: unknownKey(known) });
  }
}

const unknownKey = (known: readonly string[]): string =>
  `unknown key: the agent's layout has only ${known.join(', ')} here`;

/** `[capabilities.secrets_manager]` and its tables, as flat settings. */
function flattenSecretsManager(
  table: unknown,
  out: Record<string, unknown>,
  problems: LayoutProblem[],
): void {
  const path = 'capabilities.secrets_manager';
  if (table === undefined) return;
  if (!isTable(table)) {
    problems.push({ path, message: 'must be a table' });
    return;
  }
  for (const [key, value] of Object.entries(table)) {
    if (!SECRETS_MANAGER_KEYS.has(key)) {
      problems.push({ path: `${path}.${key}`, message: unknownKey([...SECRETS_MANAGER_KEYS]) });
    } else if (key === 'enabled') {
      if (value !== true) {
        problems.push({
          path: `${path}.enabled`,
          message:
            'the sidecar serves Secrets Manager only: remove enabled = false, or do not start the sidecar',
        });
      }
    } else if (key === 'cache') {
      copyTable(value, `${path}.cache`, ['ttl_seconds', 'cache_size'], out, problems);
    } else if (key === 'security') {
      copyTable(value, `${path}.security`, ['ssrf_headers', 'ssrf_env_variables'], out, problems);
    } else {
      out[key] = value;
    }
  }
}

/** `[capabilities]`: Secrets Manager, and ACM only when it is off (the sidecar has no ACM). */
function flattenCapabilities(
  capabilities: unknown,
  out: Record<string, unknown>,
  problems: LayoutProblem[],
): void {
  if (capabilities === undefined) return;
  if (!isTable(capabilities)) {
    problems.push({ path: 'capabilities', message: 'must be a table' });
    return;
  }
  for (const [key, value] of Object.entries(capabilities)) {
    if (key === 'secrets_manager') flattenSecretsManager(value, out, problems);
    else if (key === 'acm') {
      if (isTable(value) && value.enabled === true) {
        problems.push({
          path: 'capabilities.acm.enabled',
          message:
            "the sidecar does not export ACM certificates: run AWS's provider for them, or set enabled = false",
        });
      }
    } else {
      problems.push({
        path: `capabilities.${key}`,
        message: unknownKey(['secrets_manager', 'acm']),
      });
    }
  }
}

/**
 * Turns a settings file in the agent's v3 layout into flat settings; a file without
 * `[logging]` or `[capabilities]` is returned as it is. As the agent, a flat key beside the
 * nested tables is refused (naming where it goes), and so is any key the agent does not
 * know in its tables; vaultline's own settings (tokens, metrics, ...) stay at the root.
 *
 * @example
 * flattenAgentLayout({ capabilities: { secrets_manager: { cache: { ttl_seconds: 60 } } } });
 * // { values: { ttl_seconds: 60 }, problems: [] }
 */
export function flattenAgentLayout(file: Record<string, unknown>): {
  values: Record<string, unknown>;
  problems: LayoutProblem[];
} {
  if (!('capabilities' in file) && !('logging' in file)) return { values: file, problems: [] };
  const problems: LayoutProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    if (key === 'capabilities' || key === 'logging') continue;
    const nested = FLAT_TO_NESTED[key];
    if (nested) {
      problems.push({
        path: key,
        message: `a flat key can't be used with the nested sections ('logging' or 'capabilities'): use '${nested}' instead`,
      });
    } else {
      values[key] = value;
    }
  }
  copyTable(file.logging, 'logging', ['log_level', 'log_to_file'], values, problems);
  flattenCapabilities(file.capabilities, values, problems);
  return { values, problems };
}
