/** Machine-readable reasons a secret or connection could not be resolved. */
export type ResolverErrorCode =
  | 'SECRET_NOT_FOUND'
  | 'PARAMETER_NOT_FOUND'
  | 'PARAMETER_VERSION_NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'KMS_ACCESS_DENIED'
  | 'DECRYPTION_FAILURE'
  | 'SECRET_DELETED'
  | 'KEY_NOT_FOUND'
  | 'NOT_JSON'
  | 'REGION_MISMATCH'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INVALID_REFERENCE'
  | 'UNKNOWN_CONNECTION'
  | 'AUTH_FAILED'
  | 'CLOSED'
  | 'UNKNOWN';

/** Every code, for tables that must cover them all (the sidecar's HTTP mapping, tests). */
export const RESOLVER_ERROR_CODES: readonly ResolverErrorCode[] = [
  'SECRET_NOT_FOUND',
  'PARAMETER_NOT_FOUND',
  'PARAMETER_VERSION_NOT_FOUND',
  'ACCESS_DENIED',
  'KMS_ACCESS_DENIED',
  'DECRYPTION_FAILURE',
  'SECRET_DELETED',
  'KEY_NOT_FOUND',
  'NOT_JSON',
  'REGION_MISMATCH',
  'THROTTLED',
  'UNAVAILABLE',
  'TIMEOUT',
  'INVALID_REFERENCE',
  'UNKNOWN_CONNECTION',
  'AUTH_FAILED',
  'CLOSED',
  'UNKNOWN',
];

/** Codes that mean AWS could not answer right now; the last value may be served stale. */
export const TRANSIENT_CODES: ReadonlySet<ResolverErrorCode> = new Set([
  'THROTTLED',
  'UNAVAILABLE',
  'TIMEOUT',
]);

export interface ResolverErrorOptions {
  cause?: unknown;
  /** The setup step most likely missing, in words a user can act on. */
  hint?: string;
  /** The secret as it was requested (a name or ARN: never a value). */
  secretId?: string;
  /** The parameter as it was requested (a name or ARN with its selector: never a value). */
  parameterId?: string;
  /** The connection being resolved, when there is one. */
  connection?: string;
  /** The AWS error name behind this error (`AccessDeniedException`, ...), if any. */
  awsCode?: string | undefined;
  /** The HTTP status AWS answered with, when it answered. */
  status?: number | undefined;
}

/**
 * The one error type of @vaultline/resolver. `code` is stable and machine-readable; the
 * message says what was expected, what happened and what to do; `hint` names the setup
 * step most likely missing. Messages never contain a secret value.
 *
 * @example
 * try {
 *   await resolver.getValue('prod/db:password');
 * } catch (error) {
 *   if (error instanceof ResolverError && error.code === 'ACCESS_DENIED') console.error(error.hint);
 * }
 */
export class ResolverError extends Error {
  readonly code: ResolverErrorCode;
  readonly hint: string | undefined;
  readonly secretId: string | undefined;
  readonly parameterId: string | undefined;
  readonly connection: string | undefined;
  readonly awsCode: string | undefined;
  /** The HTTP status AWS answered with, when it answered (for proxies such as the sidecar). */
  readonly status: number | undefined;

  constructor(code: ResolverErrorCode, message: string, options: ResolverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ResolverError';
    this.code = code;
    this.hint = options.hint;
    this.secretId = options.secretId;
    this.parameterId = options.parameterId;
    this.connection = options.connection;
    this.awsCode = options.awsCode;
    this.status = options.status;
  }

  /** True when AWS could not answer right now (throttling, 5xx, network, timeout). */
  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code);
  }

  /** A copy of this error that also names the connection being resolved. */
  withConnection(connection: string): ResolverError {
    return new ResolverError(this.code, `connection '${connection}': ${this.message}`, {
      cause: this.cause,
      hint: this.hint,
      secretId: this.secretId,
      parameterId: this.parameterId,
      connection,
      awsCode: this.awsCode,
      status: this.status,
    });
  }
}
