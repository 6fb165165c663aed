import { toAuthError } from '@vaultline/auth';
import { safeString } from '@vaultline/config';
import { ResolverError, type ResolverErrorCode } from './errors.js';
import { type HintContext, hintFor } from './hints.js';

/** What is known about the failed call, for the message and the hint. */
export interface AwsErrorContext extends HintContext {
  /** The secret as requested (name or ARN). */
  secretId?: string | undefined;
  /** The API action that failed. */
  action?: string | undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);
const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
/** Auth failures that mean STS could not answer, as opposed to refusing the caller. */
const STS_OUTAGE_CODES: ReadonlySet<string> = new Set(['STS_UNREACHABLE', 'STS_UNAVAILABLE']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const AUTH_NAMES = new Set([
  'AuthError',
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredTokenException',
  'ExpiredToken',
  'MissingAuthenticationToken',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * Maps an AWS error name (an SDK exception's `name`, or BatchGetSecretValue's per-secret
 * `ErrorCode`) and its message to a resolver code.
 *
 * @example
 * codeForAwsName('AccessDeniedException', 'Access to KMS is not allowed'); // 'KMS_ACCESS_DENIED'
 */
export function codeForAwsName(name: string, message = ''): ResolverErrorCode | undefined {
  switch (name) {
    case 'ResourceNotFoundException':
      return 'SECRET_NOT_FOUND';
    case 'AccessDeniedException':
    case 'AccessDenied':
      return /\bkms\b/i.test(message) ? 'KMS_ACCESS_DENIED' : 'ACCESS_DENIED';
    case 'DecryptionFailure':
      return /access|not allowed|denied|not authorized/i.test(message)
        ? 'KMS_ACCESS_DENIED'
        : 'DECRYPTION_FAILURE';
    case 'InvalidRequestException':
      return /delet/i.test(message) ? 'SECRET_DELETED' : undefined;
    case 'InvalidParameterException':
    case 'ValidationException':
      return 'INVALID_REFERENCE';
    case 'InternalServiceError':
    case 'InternalFailure':
    case 'ServiceUnavailable':
    case 'ServiceUnavailableException':
      return 'UNAVAILABLE';
    default:
      if (THROTTLING_NAMES.has(name)) return 'THROTTLED';
      if (TIMEOUT_NAMES.has(name)) return 'TIMEOUT';
      if (AUTH_NAMES.has(name)) return 'AUTH_FAILED';
      return undefined;
  }
}

/** Classifies any error an SDK call can throw: service errors, HTTP status, network. */
function classify(error: unknown): { code: ResolverErrorCode; awsCode?: string } {
  if (typeof error !== 'object' || error === null) return { code: 'UNKNOWN' };
  const shape = error as ErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  const message = typeof shape.message === 'string' ? shape.message : '';
  // The errno first: the SDK's HTTP handler names a reset or broken connection
  // `TimeoutError` (code ECONNRESET or EPIPE), but nothing timed out, the network failed.
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) {
    return { code: shape.code === 'ETIMEDOUT' ? 'TIMEOUT' : 'UNAVAILABLE', awsCode: shape.code };
  }
  const byName = codeForAwsName(name, message);
  if (byName) return { code: byName, awsCode: name };
  const status = shape.$metadata?.httpStatusCode;
  if (status === 429) return { code: 'THROTTLED', awsCode: name || 'HTTP 429' };
  if (typeof status === 'number' && status >= 500) {
    return { code: 'UNAVAILABLE', awsCode: name || `HTTP ${status}` };
  }
  if (status === 403) return { code: 'ACCESS_DENIED', awsCode: name || 'HTTP 403' };
  if (shape.$fault === 'server') return { code: 'UNAVAILABLE', awsCode: name };
  if (error instanceof Error && error.cause !== undefined) {
    const inner = classify(error.cause);
    if (inner.code !== 'UNKNOWN') return inner;
  }
  return name ? { code: 'UNKNOWN', awsCode: name } : { code: 'UNKNOWN' };
}

const DESCRIPTIONS: Record<ResolverErrorCode, string> = {
  SECRET_NOT_FOUND: 'Secrets Manager has no such secret',
  ACCESS_DENIED: 'access to the secret was denied',
  KMS_ACCESS_DENIED: 'access to the KMS key that encrypts the secret was denied',
  DECRYPTION_FAILURE: 'Secrets Manager could not decrypt the secret with its KMS key',
  SECRET_DELETED: 'the secret is scheduled for deletion',
  KEY_NOT_FOUND: 'the JSON key is missing',
  NOT_JSON: 'the secret is not a JSON object',
  REGION_MISMATCH: "the secret is not in the vault's region",
  THROTTLED: 'Secrets Manager throttled the request',
  UNAVAILABLE: 'Secrets Manager could not be reached or failed',
  TIMEOUT: 'Secrets Manager did not answer in time',
  INVALID_REFERENCE: 'Secrets Manager refused the secret id',
  UNKNOWN_CONNECTION: 'no such connection',
  AUTH_FAILED: 'AWS did not accept the credentials',
  CLOSED: 'the resolver is closed',
  UNKNOWN: 'the call failed',
};

/**
 * Builds the resolver error for a failure described by an AWS error name and message, with
 * the hint for its code.
 *
 * @example
 * awsFailure('ACCESS_DENIED', 'AccessDeniedException', 'not authorized', { secretId: 'prod/db' }, cause);
 */
export function awsFailure(
  code: ResolverErrorCode,
  awsCode: string | undefined,
  awsMessage: string,
  context: AwsErrorContext,
  cause: unknown,
  status?: number,
): ResolverError {
  const what = context.secretId ? `secret '${context.secretId}'` : 'the request';
  const via = context.action ? ` (${context.action}${awsCode ? `: ${awsCode}` : ''})` : '';
  const detail = awsMessage ? `: ${awsMessage}` : '';
  return new ResolverError(code, `${what}: ${DESCRIPTIONS[code]}${via}${detail}`, {
    cause,
    hint: hintFor(code, context),
    secretId: context.secretId,
    awsCode,
    status,
  });
}

/**
 * Turns an error thrown by an SDK call into a `ResolverError` with a code and a hint; our
 * own errors pass through unchanged.
 *
 * @example
 * try { await client.send(command); } catch (error) { throw fromAwsError(error, { secretId: 'prod/db' }); }
 */
export function fromAwsError(error: unknown, context: AwsErrorContext = {}): ResolverError {
  if (error instanceof ResolverError) return error;
  const { code, awsCode } = classify(error);
  if (code === 'AUTH_FAILED') {
    // Keep auth's own diagnosis (code, hint); it also scrubs keys from the text.
    const authError = toAuthError(error);
    const what = context.secretId ? `secret '${context.secretId}'` : 'the request';
    // STS down or unreachable is an outage, not a rejection: report it as UNAVAILABLE so a
    // cached value can still be served stale while credentials cannot be renewed.
    return new ResolverError(
      STS_OUTAGE_CODES.has(authError.code) ? 'UNAVAILABLE' : 'AUTH_FAILED',
      `${what}: authentication to AWS failed (${authError.code}): ${oneLine(authError.message)}`,
      {
        cause: authError,
        hint: authError.hint,
        secretId: context.secretId,
        awsCode,
        status: statusOf(error),
      },
    );
  }
  const message = error instanceof Error ? error.message : safeString(error);
  return awsFailure(code, awsCode, oneLine(message), context, error, statusOf(error));
}

/**
 * Normalises anything thrown into a `ResolverError`: our own errors unchanged, SDK, auth
 * and network errors mapped to a code, anything else UNKNOWN, the original kept as `cause`.
 *
 * @example
 * const error = toResolverError(caught);
 * console.log(error.code, error.message);
 */
export function toResolverError(error: unknown): ResolverError {
  return fromAwsError(error);
}

const oneLine = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
};

const statusOf = (error: unknown): number | undefined => {
  const status = (error as ErrorShape | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
};
