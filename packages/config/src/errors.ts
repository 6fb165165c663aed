import { type ConfigIssue, formatIssue } from './issues.js';

/** Machine-readable reasons a configuration could not be used. */
export type ConfigErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_UNREADABLE'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'INVALID_REFERENCE'
  | 'CONFIG_UNKNOWN';

/**
 * The one error type of @vaultline/config, thrown only by the `*OrThrow` helpers and by
 * `findSecretReferences` on a connection that was never validated. `issues` holds every
 * problem; the message lists them as `file:line:col path: message`.
 *
 * @example
 * try { await loadConfigOrThrow('vaultline.yaml'); }
 * catch (error) { if (error instanceof ConfigError) console.error(error.code, error.issues); }
 */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];
  readonly filePath: string | undefined;

  constructor(
    code: ConfigErrorCode,
    message: string,
    options: { issues?: readonly ConfigIssue[]; filePath?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfigError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.filePath = options.filePath;
  }

  /** An error that lists `issues`, one per line, under a headline. */
  static fromIssues(
    code: ConfigErrorCode,
    issues: readonly ConfigIssue[],
    filePath?: string,
  ): ConfigError {
    const headline = filePath
      ? `${filePath} is not a valid vaultline configuration`
      : 'invalid vaultline configuration';
    const lines = issues.map((issue) => `  ${formatIssue(issue, filePath)}`);
    const options = filePath === undefined ? { issues } : { issues, filePath };
    return new ConfigError(code, [`${headline}:`, ...lines].join('\n'), options);
  }
}

/**
 * `String(value)`, except that it never throws: a thrown value may be an object whose
 * `toString` is not callable (fast-check found one), and an error normaliser must not fail.
 *
 * @example
 * safeString({ toString: 0 }); // '[object Object]'
 */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Normalises anything thrown inside this package's boundary: our own errors pass unchanged,
 * anything else is wrapped with its cause kept.
 *
 * @example
 * catch (error) { throw toConfigError(error); }
 */
export function toConfigError(error: unknown): ConfigError {
  if (error instanceof ConfigError) return error;
  const message = error instanceof Error ? error.message : safeString(error);
  return new ConfigError('CONFIG_UNKNOWN', message, { cause: error });
}
