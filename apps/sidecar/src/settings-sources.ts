import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { checkFileMode } from './auth/file-mode.js';
import { parseTokenLocation } from './auth/token-source.js';
import { SidecarError } from './errors.js';
import { type SidecarSettings, sidecarSettingsSchema } from './settings.js';
import { flattenAgentLayout } from './settings-agent-layout.js';

/** Where settings come from; later sources win: file, then environment, then flags. */
export interface SettingsSources {
  /** A settings file: .toml (the agent's format), .yaml, .yml or .json. */
  file?: string;
  /** Environment, usually `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Command-line arguments after the program name. */
  argv?: string[];
  /** Settings given in code (startSidecar); applied last. */
  overrides?: Record<string, unknown>;
}

/** Validated settings, plus what was accepted but deserves a word, and the file used. */
export interface LoadedSettings {
  settings: SidecarSettings;
  warnings: string[];
  file?: string;
}

/** Scalar settings read from `VAULTLINE_SIDECAR_<KEY>` and `--<key-with-dashes>`. */
const SCALAR_KEYS = [
  'ttl_seconds',
  'parameter_ttl_seconds',
  'cache_enabled',
  'cache_size',
  'http_port',
  'http_address',
  'allow_non_loopback',
  'allow_world_readable_token_files',
  'listen_tcp',
  'unix_socket',
  'unix_socket_mode',
  'max_conn',
  'aws_max_connections',
  'log_level',
  'path_prefix',
  'region',
  'endpoint',
  'vaultline_config',
  'max_staleness_seconds',
  'request_timeout_seconds',
  'shutdown_timeout_seconds',
  'token_reload_interval_ms',
  'error_format',
  'stale_on_refresh_failure',
  'sts_endpoint',
  'max_roles',
  'credentials_file_path',
  'validate_credentials',
  'ignore_transient_errors',
] as const;

/**
 * The Parameters and Secrets Lambda Extension's environment variables that the settings
 * schema checks as it checks the setting (the same range): honoured so its users can
 * switch as is.
 */
const LAMBDA_EXTENSION_ENV: Record<string, string> = {
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: 'http_port',
  PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: 'log_level',
  // The extension's connections to AWS, not the clients' connections to it (max_conn): a
  // function that sets 3 (CDK's default) must not be limited to 3 callers.
  PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS: 'aws_max_connections',
};

/**
 * The extension's variables whose range is narrower than the setting's, or whose values
 * mean something else: read with the extension's documented ranges and defaults
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html,
 * "AWS Parameters and Secrets Lambda Extension environment variables").
 */
const LAMBDA_EXTENSION_RANGES = {
  SECRETS_MANAGER_TTL: { key: 'ttl_seconds', max: 300, unit: 'seconds (0 bypasses the cache)' },
  SSM_PARAMETER_STORE_TTL: {
    key: 'parameter_ttl_seconds',
    max: 300,
    unit: 'seconds (0 bypasses the cache)',
  },
  PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: {
    key: 'cache_size',
    max: 1000,
    unit: 'items (0 bypasses the cache)',
  },
} as const;

const CACHE_ENABLED_VARIABLE = 'PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED';

/**
 * Reads the extension's ranged variables and PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED
 * into settings; a value outside the extension's range is an error naming the variable and
 * the range. A cache size of 0 turns the cache off, as the extension's does.
 */
function fromLambdaExtensionEnv(
  env: NodeJS.ProcessEnv,
  out: Record<string, unknown>,
  origin: Map<string, string>,
): string[] {
  const problems: string[] = [];
  for (const [name, { key, max, unit }] of Object.entries(LAMBDA_EXTENSION_RANGES)) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    if (!/^\d+$/.test(value) || Number(value) > max) {
      problems.push(
        `  ${name}: '${value.slice(0, 32)}' is not a whole number from 0 to ${max} ${unit}, the range of AWS's Parameters and Secrets Lambda Extension; set it in that range or unset it (default ${max})`,
      );
      continue;
    }
    if (key === 'cache_size' && Number(value) === 0) {
      out.cache_enabled = false;
      origin.set('cache_enabled', `environment variable ${name}`);
      continue;
    }
    out[key] = value;
    origin.set(key, `environment variable ${name}`);
  }
  const enabled = env[CACHE_ENABLED_VARIABLE]?.trim();
  if (enabled !== undefined && enabled !== '') {
    const word = enabled.toLowerCase();
    if (word !== 'true' && word !== 'false') {
      problems.push(
        `  ${CACHE_ENABLED_VARIABLE}: '${enabled.slice(0, 32)}' is not TRUE or FALSE (any case); set one of them or unset it (default TRUE)`,
      );
    } else if (out.cache_enabled !== false) {
      out.cache_enabled = word === 'true';
      origin.set('cache_enabled', `environment variable ${CACHE_ENABLED_VARIABLE}`);
    }
  }
  return problems;
}

const BOOLEAN_FLAGS = new Set([
  'stale_on_refresh_failure',
  'validate_credentials',
  'ignore_transient_errors',
  'allow_non_loopback',
  'allow_world_readable_token_files',
  'listen_tcp',
]);

const flagName = (key: string) => key.replaceAll('_', '-');

/** Reads a settings file by extension; TOML is what the agent's `--config` takes. */
export function readSettingsFile(path: string): Record<string, unknown> {
  return readSettingsFileAndMode(path).values;
}

/** The settings in a file and the file's mode, both from one open file. */
function readSettingsFileAndMode(path: string): { values: Record<string, unknown>; mode: number } {
  let text: string;
  let mode: number;
  try {
    const fd = openSync(path, 'r');
    try {
      mode = fstatSync(fd).mode;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new SidecarError(
      'SETTINGS_FILE_UNREADABLE',
      `cannot read the settings file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}; check the path given to --config`,
      { cause: error },
    );
  }
  const extension = extname(path).toLowerCase();
  try {
    const parsed =
      extension === '.json'
        ? JSON.parse(text)
        : extension === '.yaml' || extension === '.yml'
          ? parseYaml(text)
          : parseToml(text);
    if (parsed === null || parsed === undefined) return { values: {}, mode };
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('the top level is not a table of settings');
    }
    return { values: parsed as Record<string, unknown>, mode };
  } catch (error) {
    if (error instanceof SidecarError) throw error;
    throw new SidecarError(
      'INVALID_SETTINGS',
      `the settings file ${path} is not valid ${extension === '.json' ? 'JSON' : extension.startsWith('.y') ? 'YAML' : 'TOML'}: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
}

function fromEnv(env: NodeJS.ProcessEnv, origin: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems = fromLambdaExtensionEnv(env, out, origin);
  if (problems.length > 0) {
    throw new SidecarError(
      'INVALID_SETTINGS',
      `invalid sidecar settings in the environment:\n${problems.join('\n')}`,
    );
  }
  for (const [name, key] of Object.entries(LAMBDA_EXTENSION_ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      out[key] = value;
      origin.set(key, `environment variable ${name}`);
    }
  }
  for (const key of SCALAR_KEYS) {
    const name = `VAULTLINE_SIDECAR_${key.toUpperCase()}`;
    const value = env[name];
    if (value !== undefined && value !== '') {
      out[key] = value;
      origin.set(key, `environment variable ${name}`);
    }
  }
  const prefetch = env.VAULTLINE_SIDECAR_PREFETCH;
  if (prefetch) {
    out.prefetch = {
      secrets: prefetch
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    };
    origin.set('prefetch', 'environment variable VAULTLINE_SIDECAR_PREFETCH');
  }
  return out;
}

/** Parses command-line flags; `--config <file>` names the settings file, as the agent's. */
export function parseSidecarFlags(argv: string[]): {
  file?: string;
  values: Record<string, unknown>;
  help: boolean;
} {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; multiple?: boolean; short?: string }
  > = {
    // -c is the agent's short form of --config (its cli.rs: #[arg(short, long)]).
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean' },
    prefetch: { type: 'string', multiple: true },
    'no-tcp': { type: 'boolean' },
  };
  for (const key of SCALAR_KEYS) {
    options[flagName(key)] = { type: BOOLEAN_FLAGS.has(key) ? 'boolean' : 'string' };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new SidecarError(
      'INVALID_SETTINGS',
      `${(error as Error).message}; --help lists the flags`,
      { cause: error },
    );
  }
  const values: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS) {
    const value = parsed.values[flagName(key)];
    if (value !== undefined) values[key] = value;
  }
  if (parsed.values['no-tcp']) values.listen_tcp = false;
  const prefetch = parsed.values.prefetch as string[] | undefined;
  if (prefetch?.length) values.prefetch = { secrets: prefetch };
  return {
    ...(typeof parsed.values.config === 'string' ? { file: parsed.values.config } : {}),
    values,
    help: parsed.values.help === true,
  };
}

/**
 * Merges defaults, a settings file, the environment and flags (later wins), validates them
 * with the zod schema and throws a SidecarError listing every problem with its source.
 *
 * @example
 * const { settings } = loadSidecarSettings({ argv: ['--http-port', '0'], env: process.env });
 */
export function loadSidecarSettings(sources: SettingsSources = {}): LoadedSettings {
  const origin = new Map<string, string>();
  const flags = sources.argv ? parseSidecarFlags(sources.argv) : undefined;
  const file = flags?.file ?? sources.file ?? sources.env?.VAULTLINE_SIDECAR_CONFIG;
  const read = file ? readSettingsFileAndMode(file) : undefined;
  const layout = flattenAgentLayout(read?.values ?? {});
  if (layout.problems.length > 0) {
    const lines = layout.problems.map((problem) => `  ${problem.path}: ${problem.message}`);
    throw new SidecarError(
      'INVALID_SETTINGS',
      `invalid sidecar settings in ${file}:\n${lines.join('\n')}`,
    );
  }
  const fileValues = layout.values;
  for (const key of Object.keys(fileValues)) origin.set(key, `settings file ${file}`);
  const envValues = sources.env ? fromEnv(sources.env, origin) : {};
  for (const key of Object.keys(flags?.values ?? {})) origin.set(key, `flag --${flagName(key)}`);
  for (const key of Object.keys(sources.overrides ?? {})) origin.set(key, 'startSidecar options');
  const merged: Record<string, unknown> = {
    ...fileValues,
    ...envValues,
    ...flags?.values,
    ...sources.overrides,
  };

  const warnings: string[] = [];
  if (merged.ignore_transient_errors === false || merged.ignore_transient_errors === 'false') {
    if (merged.max_staleness_seconds === undefined) merged.max_staleness_seconds = 0;
  }
  if (merged.log_to_file === true || merged.log_to_file === 'true') {
    warnings.push('log_to_file is ignored: the sidecar writes JSON logs to stdout');
  }

  const result = sidecarSettingsSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const path = issue.path.join('.') || '(settings)';
      const top = String(issue.path[0] ?? '');
      const where = origin.get(top);
      return `  ${path}: ${issue.message}${where ? ` (from ${where})` : ''}`;
    });
    throw new SidecarError('INVALID_SETTINGS', `invalid sidecar settings:\n${lines.join('\n')}`);
  }
  if (file && read) checkSettingsFileMode(file, read.mode, fileValues, result.data);
  return { settings: result.data, warnings, ...(file ? { file } : {}) };
}

/**
 * A settings file that defines tokens must not be writable by group or others (whoever
 * could write it could add a token for every secret); one that holds a token's value
 * itself must not be readable by every user either, unless
 * allow_world_readable_token_files is set.
 */
function checkSettingsFileMode(
  file: string,
  mode: number,
  fileValues: Record<string, unknown>,
  settings: SidecarSettings,
): void {
  const tokens = Array.isArray(fileValues.tokens) ? fileValues.tokens : [];
  if (tokens.length === 0) return;
  const holdsValue = tokens.some(
    (token) =>
      typeof token === 'object' &&
      token !== null &&
      typeof (token as { token?: unknown }).token === 'string' &&
      parseTokenLocation((token as { token: string }).token).kind === 'literal',
  );
  checkFileMode(file, mode, 'settings file', {
    allowWorldReadable: !holdsValue || settings.allow_world_readable_token_files,
  });
}
