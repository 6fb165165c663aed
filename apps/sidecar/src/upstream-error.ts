import {
  ERROR_TABLE,
  type FailureCode,
  failure,
  type HttpFailure,
  INTERNAL_FAILURE_BODY,
} from './error-table.js';

/** AWS's own answer behind a resolver error: its error name, message and HTTP status. */
interface UpstreamError {
  type: string;
  message: string;
  /** Undefined for a BatchGetSecretValue entry (the call itself answered 200). */
  status: number | undefined;
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  ErrorCode?: unknown;
  Message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * The AWS answer a resolver error wraps, following `cause`: an SDK service exception (its
 * `name`, `message` and `$metadata.httpStatusCode`) or a BatchGetSecretValue error entry
 * (`ErrorCode`, `Message`). Network failures and timeouts have no answer: undefined.
 */
function upstreamOf(error: unknown): UpstreamError | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const shape = current as ErrorShape;
    if (typeof shape.ErrorCode === 'string') {
      const message = typeof shape.Message === 'string' ? shape.Message : '';
      return { type: shape.ErrorCode, message, status: undefined };
    }
    const status = shape.$metadata?.httpStatusCode;
    if (typeof status === 'number' && typeof shape.name === 'string') {
      const message = typeof shape.message === 'string' ? shape.message : '';
      return { type: shape.name, message, status };
    }
    current = shape.cause;
  }
  return undefined;
}

const isResolverError = (
  error: unknown,
): error is Error & { code: string; hint?: string | undefined } =>
  (error as { name?: unknown } | null)?.name === 'ResolverError' &&
  typeof (error as { code?: unknown }).code === 'string';

// The agent's bodies when AWS gave no answer (aws_secretsmanager_provider/src/cache_manager.rs,
// svc_err: 504 TimeoutError "Timeout", 502 ConnectionError "Read Error").
const TIMEOUT_BODY = '{"__type":"TimeoutError","message":"Timeout"}';
const NETWORK_BODY = '{"__type":"ConnectionError","message":"Read Error"}';

const withHint = (failed: HttpFailure, hint: string | undefined): HttpFailure =>
  hint ? { ...failed, hint } : failed;

/**
 * Maps anything thrown by the resolver to the answer AWS's agent gives. When AWS answered,
 * its status, `__type` and `message` pass through unchanged (a BatchGetSecretValue entry
 * counts as 400, the status Secrets Manager gives its modelled exceptions); a timeout is 504
 * and a network failure 502, with the agent's bodies; vaultline's own failures (a missing
 * JSON key, an unknown connection) keep their row of the error table. The resolver's hint
 * travels in `hint` (the X-Vaultline-Hint header), its full message in `message` (the log).
 * Anything that is not a ResolverError is an internal failure, details in the log only.
 *
 * @example
 * failureFromError(resolverErrorFor500).status; // 500, type 'InternalServiceError'
 */
export function failureFromError(error: unknown): HttpFailure {
  if (!isResolverError(error)) return failure('INTERNAL', '');
  const code = error.code as FailureCode;
  const hint = error.hint;
  const upstream = upstreamOf(error);
  if (upstream) {
    const passed: HttpFailure = {
      code,
      status: upstream.status ?? 400,
      type: upstream.type,
      message: upstream.message,
      ...(upstream.message === '' ? { agentBody: INTERNAL_FAILURE_BODY } : {}),
    };
    return withHint(passed, hint ?? error.message);
  }
  if (code === 'TIMEOUT') return withHint(failure('TIMEOUT', error.message, TIMEOUT_BODY), hint);
  if (code === 'UNAVAILABLE') {
    return withHint(failure('UNAVAILABLE', error.message, NETWORK_BODY), hint);
  }
  if (code === 'AUTH_FAILED') {
    // No answer from Secrets Manager: the credentials could not be had (the agent: 500).
    return withHint(
      { ...failure('INTERNAL', error.message), agentBody: INTERNAL_FAILURE_BODY },
      hint ?? error.message,
    );
  }
  if (!Object.hasOwn(ERROR_TABLE, code) || code === 'UNKNOWN') {
    return withHint(
      { ...failure('UNKNOWN', error.message), agentBody: INTERNAL_FAILURE_BODY },
      hint,
    );
  }
  return withHint(failure(code, hint ? `${error.message} (${hint})` : error.message), hint);
}
