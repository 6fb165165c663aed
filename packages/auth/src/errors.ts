import { AUTH_HINTS } from './hints.js';

/** Machine-readable reasons authentication failed. */
export type AuthErrorCode =
  | 'CREDENTIALS_UNAVAILABLE'
  | 'IMDS_UNREACHABLE'
  | 'IMDS_V2_UNAVAILABLE'
  | 'ASSUME_ROLE_DENIED'
  | 'ACCESS_DENIED'
  | 'INVALID_CLIENT_TOKEN'
  | 'SIGNATURE_MISMATCH'
  | 'STS_REGION_MISMATCH'
  | 'STS_REGION_DISABLED'
  | 'STS_UNREACHABLE'
  | 'STS_UNAVAILABLE'
  | 'CLOCK_SKEW'
  | 'EXPIRED'
  | 'INVALID_CONFIG'
  | 'UNKNOWN';

/** What an `AuthError` carries besides its message. */
export interface AuthErrorOptions {
  /** The error this one explains (an SDK error, a network error, ...). */
  cause?: unknown;
  /** The setup step most likely missing; see `AUTH_HINTS`. */
  hint: string;
  /** True when a chain of sources should try its next source rather than stop. */
  tryNext?: boolean;
}

/**
 * The one error type of `@vaultline/auth`. `code` is stable for programs, `message` says
 * what was expected and what happened, `hint` names the setup step to check, `cause` keeps
 * the original error. Messages never contain secret access keys or session tokens.
 *
 * @example
 * try {
 *   await strategy.credentials();
 * } catch (error) {
 *   const authError = toAuthError(error);
 *   console.error(`${authError.code}: ${authError.message}\nhint: ${authError.hint}`);
 * }
 */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly hint: string;
  /** Mirrors the SDK's `tryNextLink`: the SDK provider chain moves on when this is true. */
  readonly tryNext: boolean;

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'AuthError';
    this.code = code;
    this.hint = options.hint;
    this.tryNext = options.tryNext ?? false;
  }

  /** Alias read by `@smithy/property-provider`'s `chain`. */
  get tryNextLink(): boolean {
    return this.tryNext;
  }

  /** A plain object for structured logs (the cause is reduced to its name and message). */
  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof Error ? { name: this.cause.name } : undefined;
    return { name: this.name, code: this.code, message: this.message, hint: this.hint, cause };
  }
}

/**
 * True for any `AuthError`, including one from another copy of this package.
 *
 * @example
 * if (isAuthError(error) && error.code === 'ASSUME_ROLE_DENIED') console.error(error.hint);
 */
export function isAuthError(value: unknown): value is AuthError {
  return (
    value instanceof AuthError ||
    (value instanceof Error && value.name === 'AuthError' && 'code' in value && 'hint' in value)
  );
}

export { AUTH_HINTS };
