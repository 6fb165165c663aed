import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { redactSecrets } from '@vaultline/secret-names';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { overrideFor } from './env.js';
import { ConfigError, type ConfigErrorCode, safeString } from './errors.js';
import { type ConfigIssue, formatPath, type RawIssue } from './issues.js';
import { type ParseConfigOptions, parseConfigDetailed, secretsOf } from './parse.js';
import type { VaultlineConfig } from './schema.js';

export interface LoadConfigOptions {
  /**
   * Overrides to apply, and where VAULTLINE_CONFIG is read when no path is given;
   * `loadConfig` reads `process.env` when not given.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where vaultline.yaml (.yml, .json) is looked for when no path is given; default `process.cwd()`. */
  cwd?: string;
  /** How messages name an override's source (see `ParseConfigOptions.overrideSources`). */
  overrideSources?: Readonly<Record<string, string>>;
}

export type LoadConfigResult =
  | { ok: true; filePath: string; config: VaultlineConfig; warnings: ConfigIssue[] }
  | {
      ok: false;
      filePath: string;
      code: ConfigErrorCode;
      issues: ConfigIssue[];
      warnings: ConfigIssue[];
    };

type Position = { line: number; column: number };

/** Resolves a path to a YAML node: the key node for `target: 'key'`, else the value. */
function positionOf(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  segments: readonly PropertyKey[],
  target: 'key' | 'value',
): Position | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      keyNode = undefined;
      node = node.items[segment];
    } else {
      break;
    }
  }
  const chosen = (target === 'key' && keyNode ? keyNode : node) as Node | undefined;
  const offset = chosen?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Parses YAML or JSON text (JSON is read as YAML, so both get line:column positions) and
 * validates it. Never throws on bad input.
 *
 * @example
 * parseConfigText('vault:\n  authType: default-chain\n  region: us-east-2\n', { filePath: 'inline.yaml' });
 */
export function parseConfigText(text: string, options: ParseConfigOptions = {}): LoadConfigResult {
  const filePath = options.filePath ?? '<input>';
  const env = options.env ?? {};
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Partial<Position> => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yamlWarnings = doc.warnings.map((warning) => ({
    path: '',
    message: warning.message,
    ...at(warning.pos[0]),
  }));
  if (doc.errors.length > 0) {
    // yaml's messages carry no source excerpt with prettyErrors off; scrub anyway.
    const secrets = secretsOf(undefined, env);
    const issues = doc.errors.map((error) => ({
      path: '',
      message: redactSecrets(
        `invalid ${/\.json$/i.test(filePath) ? 'JSON' : 'YAML'}: ${error.message}`,
        secrets,
      ),
      ...at(error.pos[0]),
    }));
    return { ok: false, filePath, code: 'CONFIG_SYNTAX', issues, warnings: yamlWarnings };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      filePath,
      code: 'CONFIG_SYNTAX',
      issues: [{ path: '', message: `invalid YAML: ${message}` }],
      warnings: yamlWarnings,
    };
  }
  const detailed = parseConfigDetailed(value, { ...options, env });
  const locate = (issue: RawIssue): ConfigIssue => {
    const rendered: ConfigIssue = { path: formatPath(issue.segments), message: issue.message };
    if (overrideFor(detailed.applied, issue.segments)) return rendered;
    const target =
      issue.message.startsWith('unknown key') || issue.message.startsWith('is not used with')
        ? 'key'
        : 'value';
    const position = positionOf(doc, lineCounter, issue.segments, target);
    return position ? { ...rendered, ...position } : rendered;
  };
  const warnings = [...yamlWarnings, ...detailed.warnings.map(locate)];
  if (detailed.config && detailed.issues.length === 0) {
    return { ok: true, filePath, config: detailed.config, warnings };
  }
  return {
    ok: false,
    filePath,
    code: 'CONFIG_INVALID',
    issues: detailed.issues.map(locate),
    warnings,
  };
}

/**
 * Reads and validates a YAML or JSON config file, applying VAULTLINE_* environment
 * overrides (see ENVIRONMENT_OVERRIDES). Issues carry line and column. Never throws on a
 * missing or bad file: the result says why, with a code.
 *
 * Without a path it loads the file VAULTLINE_CONFIG names, else the first of
 * vaultline.yaml, vaultline.yml, vaultline.json in the working directory (see
 * `resolveConfigPath`).
 *
 * @example
 * const result = await loadConfig('vaultline.yaml');
 * if (!result.ok) for (const issue of result.issues) console.error(formatIssue(issue, result.filePath));
 */
export async function loadConfig(
  filePath?: string,
  options: LoadConfigOptions = {},
): Promise<LoadConfigResult> {
  const env = options.env ?? process.env;
  if (filePath === undefined) {
    const found = await resolveConfigPath({ env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    const result = await readConfigFile(found.path, env, options.overrideSources);
    if (result.ok || result.code !== 'CONFIG_NOT_FOUND') return result;
    return failure(found.path, 'CONFIG_NOT_FOUND', notFoundMessage(found));
  }
  if (typeof filePath !== 'string' || filePath === '') {
    // JavaScript callers can pass anything; say what was expected instead of a Node error.
    const given: unknown = filePath;
    const got = given === '' ? 'an empty string' : given === null ? 'null' : typeof given;
    return failure(
      safeString(filePath),
      'CONFIG_UNREADABLE',
      `expected the config file's path as a non-empty string, got ${got}: pass a path such as 'vaultline.yaml', or nothing to use VAULTLINE_CONFIG or ./vaultline.yaml`,
    );
  }
  return readConfigFile(filePath, env, options.overrideSources);
}

/** The "not found" message when the path was chosen for the caller: where it looked, what to do. */
function notFoundMessage(found: { path: string; source: 'flag' | 'env' | 'default' }): string {
  if (found.source === 'env') {
    return `no config file at ${found.path} (named by VAULTLINE_CONFIG): fix or unset VAULTLINE_CONFIG`;
  }
  const dir = dirname(found.path);
  return `no config file at ${found.path} (looked for ${DEFAULT_CONFIG_FILES.join(', ')} in ${dir}): create ${DEFAULT_CONFIG_FILES[0]} there, set VAULTLINE_CONFIG, or pass the file's path`;
}

async function readConfigFile(
  filePath: string,
  env: Readonly<Record<string, string | undefined>>,
  overrideSources?: Readonly<Record<string, string>>,
): Promise<LoadConfigResult> {
  let text: string;
  let mode: number | undefined;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) {
      return failure(
        filePath,
        'CONFIG_UNREADABLE',
        `${filePath} is a directory, not a config file`,
      );
    }
    mode = process.platform === 'win32' ? undefined : info.mode & 0o777;
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return failure(filePath, 'CONFIG_NOT_FOUND', `no config file at ${filePath}`);
    }
    return failure(
      filePath,
      'CONFIG_UNREADABLE',
      `cannot read ${filePath}: ${code ?? String(error)}`,
    );
  }
  return parseConfigText(text, {
    filePath,
    env,
    ...(mode === undefined ? {} : { fileMode: mode }),
    ...(overrideSources === undefined ? {} : { overrideSources }),
  });
}

const failure = (filePath: string, code: ConfigErrorCode, message: string): LoadConfigResult => ({
  ok: false,
  filePath,
  code,
  issues: [{ path: '', message }],
  warnings: [],
});

/** A loaded, valid configuration. */
export interface LoadedConfig {
  filePath: string;
  config: VaultlineConfig;
  warnings: ConfigIssue[];
}

/**
 * `loadConfig` for callers that want an exception: throws a ConfigError whose code says
 * why (CONFIG_NOT_FOUND, CONFIG_UNREADABLE, CONFIG_SYNTAX, CONFIG_INVALID). Without a path
 * it looks for the file as `loadConfig` does (VAULTLINE_CONFIG, else ./vaultline.yaml,
 * .yml, .json).
 *
 * @example
 * const { config } = await loadConfigOrThrow('vaultline.yaml');
 */
export async function loadConfigOrThrow(
  filePath?: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const result = await loadConfig(filePath, options);
  if (!result.ok) throw ConfigError.fromIssues(result.code, result.issues, result.filePath);
  return { filePath: result.filePath, config: result.config, warnings: result.warnings };
}

/** The file names looked for in the working directory, in order. */
export const DEFAULT_CONFIG_FILES = ['vaultline.yaml', 'vaultline.yml', 'vaultline.json'] as const;

/**
 * Which config file to use: the explicit path (a --config flag), else VAULTLINE_CONFIG,
 * else the first of vaultline.yaml, vaultline.yml, vaultline.json in `cwd` that exists
 * (vaultline.yaml when none does, so the "not found" message names it).
 *
 * @example
 * await resolveConfigPath({ env: process.env, cwd: process.cwd() }); // { path: '/app/vaultline.yaml', source: 'default' }
 */
export async function resolveConfigPath(options: {
  explicit?: string;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}): Promise<{ path: string; source: 'flag' | 'env' | 'default' }> {
  const cwd = options.cwd ?? process.cwd();
  if (options.explicit) return { path: options.explicit, source: 'flag' };
  const fromEnv = (options.env ?? process.env).VAULTLINE_CONFIG;
  if (fromEnv) return { path: fromEnv, source: 'env' };
  for (const name of DEFAULT_CONFIG_FILES) {
    const candidate = join(cwd, name);
    try {
      await access(candidate, constants.F_OK);
      return { path: candidate, source: 'default' };
    } catch {
      // try the next name
    }
  }
  return { path: join(cwd, DEFAULT_CONFIG_FILES[0]), source: 'default' };
}
