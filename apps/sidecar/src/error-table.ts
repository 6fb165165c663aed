/**
 * The one table from failure codes to HTTP statuses and `__type`s. Statuses follow what
 * AWS's agent answers: the upstream status for service errors (Secrets Manager answers 400
 * for its modelled exceptions), 502 for network failures, 504 for timeouts.
 */
export const ERROR_TABLE = {
  SECRET_NOT_FOUND: { status: 400, type: 'ResourceNotFoundException' },
  ACCESS_DENIED: { status: 400, type: 'AccessDeniedException' },
  KMS_ACCESS_DENIED: { status: 400, type: 'AccessDeniedException' },
  DECRYPTION_FAILURE: { status: 400, type: 'DecryptionFailure' },
  SECRET_DELETED: { status: 400, type: 'InvalidRequestException' },
  KEY_NOT_FOUND: { status: 400, type: 'InvalidParameterException' },
  NOT_JSON: { status: 400, type: 'InvalidParameterException' },
  REGION_MISMATCH: { status: 400, type: 'InvalidParameterException' },
  INVALID_REFERENCE: { status: 400, type: 'InvalidParameterException' },
  // Parameter Store's modelled exceptions are 400s too; GetParameters reports a missing
  // name in InvalidParameters (no exception), so the type is GetParameter's.
  PARAMETER_NOT_FOUND: { status: 400, type: 'ParameterNotFound' },
  PARAMETER_VERSION_NOT_FOUND: { status: 400, type: 'ParameterVersionNotFound' },
  THROTTLED: { status: 400, type: 'ThrottlingException' },
  UNKNOWN_CONNECTION: { status: 404, type: 'ResourceNotFoundException' },
  AUTH_FAILED: { status: 502, type: 'CredentialsError' },
  UNAVAILABLE: { status: 502, type: 'ConnectionError' },
  TIMEOUT: { status: 504, type: 'TimeoutError' },
  CLOSED: { status: 503, type: 'ServiceUnavailable' },
  UNKNOWN: { status: 500, type: 'InternalFailure' },
  // The sidecar's own refusals.
  BAD_REQUEST: { status: 400, type: 'InvalidParameterException' },
  FORWARDED: { status: 400, type: 'InvalidRequestException' },
  BAD_TOKEN: { status: 403, type: 'AccessDeniedException' },
  OUT_OF_SCOPE: { status: 403, type: 'AccessDeniedException' },
  NOT_FOUND: { status: 404, type: 'NotFound' },
  PARAMETERS_UNAVAILABLE: { status: 501, type: 'NotImplemented' },
  METHOD_NOT_ALLOWED: { status: 405, type: 'MethodNotAllowed' },
  CONNECTION_LIMIT: { status: 429, type: 'ConnectionLimitExceeded' },
  // roleArn (aws_secretsmanager_provider/src/cache_manager.rs check_max_roles, get_client).
  MAX_ROLES: { status: 400, type: 'MaxRolesExceeded' },
  ROLE_REFUSED: { status: 403, type: 'AccessDeniedException' },
  SHUTTING_DOWN: { status: 503, type: 'ServiceUnavailable' },
  INTERNAL: { status: 500, type: 'InternalFailure' },
} as const satisfies Record<string, { status: number; type: string }>;

/** A code of {@link ERROR_TABLE}. */
export type FailureCode = keyof typeof ERROR_TABLE;

/** A failure ready to answer: status, `__type` and a message without values or tokens. */
export interface HttpFailure {
  code: FailureCode;
  status: number;
  type: string;
  /** vaultline's wording: the JSON body's message with `error_format = "json"`, and the log's. */
  message: string;
  /**
   * The body AWS's agent answers for this failure, byte for byte (its plain-text refusals,
   * or its JSON for timeouts and network failures); undefined when the JSON body of `type`
   * and `message` is already what the agent answers (errors passed through from AWS).
   */
  agentBody?: string;
  /** vaultline's advice, sent beside the agent's body in the X-Vaultline-Hint header. */
  hint?: string;
}

/**
 * A failure of the sidecar's own (bad parameter, bad token, ...). `agentText` is the body
 * the agent answers instead of the JSON error (its refusals are plain text).
 *
 * @example
 * failure('BAD_REQUEST', 'unknown parameter: foo', 'unknown parameter: foo'); // { status: 400, ... }
 */
export function failure(code: FailureCode, message: string, agentText?: string): HttpFailure {
  const { status, type } = ERROR_TABLE[code];
  return agentText === undefined
    ? { code, status, type, message }
    : { code, status, type, message, agentBody: agentText };
}

/** The agent's body for an internal failure: only `__type`, details in the log. */
export const INTERNAL_FAILURE_BODY = '{"__type":"InternalFailure"}';

/**
 * The agent's JSON 1.1 error body: `{"__type":"...","message":"..."}`, and only `__type` for
 * an internal failure.
 *
 * @example
 * errorBody(failure('BAD_TOKEN', 'bad token')); // '{"__type":"AccessDeniedException","message":"bad token"}'
 */
export function errorBody(failed: HttpFailure): string {
  return failed.message === '' || failed.code === 'INTERNAL'
    ? JSON.stringify({ __type: failed.type })
    : JSON.stringify({ __type: failed.type, message: failed.message });
}
