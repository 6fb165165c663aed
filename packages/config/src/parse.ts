import { redactSecrets } from '@vaultline/secret-names';
import { applyEnvironmentOverrides, type EnvironmentOverride, overrideFor } from './env.js';
import { type ConfigIssue, formatPath, fromZodIssues, type RawIssue } from './issues.js';
import { checkRules } from './rules.js';
import { joinEnvMaps, type VaultlineConfig, vaultlineConfigSchema } from './schema.js';

export interface ParseConfigOptions {
  /** VAULTLINE_* overrides to apply; parseConfig reads no environment unless given one. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the input came from, for messages. */
  filePath?: string;
  /** The file's permission bits, to warn about a secret access key others can read. */
  fileMode?: number;
  /**
   * How messages name where an override came from, by variable, when not from the
   * environment: `{ VAULTLINE_REGION: '--region' }` for a command-line flag an app turned
   * into the variable. Default: the variable's name.
   */
  overrideSources?: Readonly<Record<string, string>>;
}

export type ParseConfigResult =
  | { ok: true; config: VaultlineConfig; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[] };

/** parseConfig's result before paths are rendered, for loaders that add positions. */
export interface DetailedParse {
  config?: VaultlineConfig;
  issues: RawIssue[];
  warnings: RawIssue[];
  applied: EnvironmentOverride[];
}

const stringAt = (value: unknown, key: string): string | undefined => {
  if (value === null || typeof value !== 'object') return undefined;
  const vault = (value as Record<string, unknown>).vault;
  if (vault === null || typeof vault !== 'object') return undefined;
  const found = (vault as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
};

/** Values that must never appear in a message: the secret access key and session token. */
export function secretsOf(
  input: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): string[] {
  return [
    stringAt(input, 'secretAccessKey'),
    stringAt(input, 'sessionToken'),
    env.VAULTLINE_SECRET_ACCESS_KEY,
    env.VAULTLINE_SESSION_TOKEN,
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** Validates and applies overrides and rules; issues keep their path segments. */
export function parseConfigDetailed(
  input: unknown,
  options: ParseConfigOptions = {},
): DetailedParse {
  const env = options.env ?? {};
  // A config parsed already (its env maps apart, in connectionEnv) parses to itself.
  const overrides = applyEnvironmentOverrides(joinEnvMaps(input), env);
  const { applied } = overrides;
  const secrets = secretsOf(input, env);
  const clean = (issues: RawIssue[]): RawIssue[] =>
    issues.map((issue) => {
      const override = overrideFor(applied, issue.segments);
      const source = override
        ? (options.overrideSources?.[override.variable] ?? override.variable)
        : undefined;
      const from = source ? ` (from ${source})` : '';
      return {
        ...issue,
        segments: issue.segments.map((segment) =>
          typeof segment === 'string' ? redactSecrets(segment, secrets) : segment,
        ),
        message: redactSecrets(`${issue.message}${from}`, secrets),
      };
    });

  const parsed = vaultlineConfigSchema.safeParse(overrides.value);
  if (!parsed.success) {
    return {
      issues: clean(fromZodIssues(parsed.error.issues, overrides.value)),
      warnings: [],
      applied,
    };
  }
  const secretAccessKeyInFile =
    stringAt(input, 'secretAccessKey') !== undefined && !env.VAULTLINE_SECRET_ACCESS_KEY;
  const rules = checkRules(parsed.data, {
    ...(options.fileMode === undefined ? {} : { fileMode: options.fileMode }),
    ...(options.filePath === undefined ? {} : { filePath: options.filePath }),
    secretAccessKeyInFile,
    allowWorldReadable: /^(1|true)$/i.test(env.VAULTLINE_ALLOW_WORLD_READABLE_CONFIG ?? ''),
  });
  const warnings = clean([...overrides.warnings, ...rules.warnings]);
  if (rules.errors.length > 0) return { issues: clean(rules.errors), warnings, applied };
  return { config: parsed.data, issues: [], warnings, applied };
}

const render = (issue: RawIssue): ConfigIssue => ({
  path: formatPath(issue.segments),
  message: issue.message,
});

/**
 * Validates a parsed configuration (the object from YAML or JSON). Never throws: bad input
 * gives `{ ok: false, issues }`, each issue a `path: message`. No message ever contains the
 * secret access key or session token.
 *
 * @example
 * const result = parseConfig({ vault: { authType: 'instance-profile', region: 'US East (Ohio)' } });
 * // { ok: false, issues: [{ path: 'vault.region', message: "'US East (Ohio)' is not an AWS region code such as us-east-2: did you mean us-east-2?" }] }
 */
export function parseConfig(input: unknown, options: ParseConfigOptions = {}): ParseConfigResult {
  try {
    const detailed = parseConfigDetailed(input, options);
    if (detailed.config && detailed.issues.length === 0) {
      return { ok: true, config: detailed.config, warnings: detailed.warnings.map(render) };
    }
    return { ok: false, issues: detailed.issues.map(render) };
  } catch (error) {
    // A defect, not bad input; still never thrown, and never with a secret in it.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: redactSecrets(
            `internal error while validating: ${message}`,
            secretsOf(input, options.env),
          ),
        },
      ],
    };
  }
}
