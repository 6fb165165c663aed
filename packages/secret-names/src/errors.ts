/** Machine-readable reasons a name, ARN or reference was refused. */
export type SecretNameErrorCode =
  | 'EMPTY_NAME'
  | 'NAME_TOO_LONG'
  | 'INVALID_CHARACTER'
  | 'DOUBLE_QUOTE'
  | 'MALFORMED_ARN'
  | 'NOT_A_SECRET_ARN'
  | 'UNKNOWN_PARTITION'
  | 'INVALID_REGION'
  | 'INVALID_ACCOUNT'
  | 'EMPTY_REFERENCE'
  | 'EMPTY_JSON_KEY'
  | 'TOO_MANY_FIELDS'
  | 'INVALID_NAME'
  | 'NOT_A_PARAMETER_ARN'
  | 'INVALID_SELECTOR';

/**
 * The one error type of this package. Parsers return it inside a result rather than throw,
 * so callers can collect every problem; `assertOk` turns a failed result into a throw.
 *
 * @example
 * const result = parseSecretArn('arn:aws:s3:::bucket');
 * if (!result.ok) console.log(result.error.code); // 'NOT_A_SECRET_ARN'
 */
export class SecretNameError extends Error {
  readonly code: SecretNameErrorCode;

  constructor(code: SecretNameErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretNameError';
    this.code = code;
  }
}

/** A parse outcome: the value, or the reason it could not be produced. Never thrown. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: SecretNameError };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T>(code: SecretNameErrorCode, message: string): ParseResult<T> => ({
  ok: false,
  error: new SecretNameError(code, message),
});

/**
 * Unwraps a result, throwing its error when it failed.
 *
 * @example
 * const arn = assertOk(parseSecretArn(input));
 */
export function assertOk<T>(result: ParseResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
