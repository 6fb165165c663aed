import { toAuthError } from '@vaultline/auth';
import { CROSS_ACCOUNT_PARAMETER_RULE } from '@vaultline/secret-names';
import {
  type AwsFailure,
  type AwsFailureKind,
  actionOf,
  classifyAwsFailure,
  readAwsError,
} from './aws-failure.js';
import { adviceFor } from './aws-failure-advice.js';
import { ResolverError, type ResolverErrorCode } from './errors.js';
import type { HintContext } from './hints.js';

/** What is known about the failed call, for the message and the hint. */
export interface AwsErrorContext extends HintContext {
  /** The secret as requested (name or ARN). */
  secretId?: string | undefined;
  /** The API action that failed. */
  action?: string | undefined;
  /** The parameter as requested (name or ARN with its selector), for Parameter Store calls. */
  parameterId?: string | undefined;
  /** The parameter's name or ARN without the selector. */
  parameterName?: string | undefined;
  /** The parameter's ARN, as an IAM policy names it. */
  parameterArn?: string | undefined;
}

/** Auth failures that mean STS could not answer, as opposed to refusing the caller. */
const STS_OUTAGE_CODES: ReadonlySet<string> = new Set(['STS_UNREACHABLE', 'STS_UNAVAILABLE']);

const CODE_OF_KIND: Record<AwsFailureKind, ResolverErrorCode> = {
  'access-denied': 'ACCESS_DENIED',
  'kms-access-denied': 'KMS_ACCESS_DENIED',
  'key-unusable': 'DECRYPTION_FAILURE',
  'secret-not-found': 'SECRET_NOT_FOUND',
  'version-not-found': 'SECRET_NOT_FOUND',
  'secret-deleted': 'SECRET_DELETED',
  'parameter-not-found': 'PARAMETER_NOT_FOUND',
  'parameter-version-not-found': 'PARAMETER_VERSION_NOT_FOUND',
  'invalid-request': 'INVALID_REFERENCE',
  throttled: 'THROTTLED',
  unavailable: 'UNAVAILABLE',
  timeout: 'TIMEOUT',
  credentials: 'AUTH_FAILED',
  unknown: 'UNKNOWN',
};

/**
 * Maps an AWS error name (an SDK exception's `name`, or BatchGetSecretValue's per-secret
 * `ErrorCode`) and its message to a resolver code.
 *
 * @example
 * codeForAwsName('AccessDeniedException', 'Access to KMS is not allowed'); // 'KMS_ACCESS_DENIED'
 */
export function codeForAwsName(name: string, message = ''): ResolverErrorCode | undefined {
  const code = CODE_OF_KIND[classifyAwsFailure(name, message).kind];
  return code === 'UNKNOWN' ? undefined : code;
}

const DESCRIPTIONS: Record<ResolverErrorCode, string> = {
  SECRET_NOT_FOUND: 'Secrets Manager has no such secret',
  PARAMETER_NOT_FOUND: 'Parameter Store has no such parameter',
  PARAMETER_VERSION_NOT_FOUND: 'the parameter has no such version',
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

/** Failures of a parameter of another account that its sharing may explain. */
const CROSS_ACCOUNT_CODES: ReadonlySet<ResolverErrorCode> = new Set([
  'ACCESS_DENIED',
  'KMS_ACCESS_DENIED',
  'PARAMETER_NOT_FOUND',
]);

/** The descriptions that differ when the failed read was of a parameter. */
const PARAMETER_DESCRIPTIONS: Partial<Record<ResolverErrorCode, string>> = {
  ACCESS_DENIED: 'access to the parameter was denied',
  KMS_ACCESS_DENIED: 'access to the KMS key that encrypts the SecureString parameter was denied',
  THROTTLED: 'Parameter Store throttled the request',
  UNAVAILABLE: 'Parameter Store could not be reached or failed',
  TIMEOUT: 'Parameter Store did not answer in time',
  INVALID_REFERENCE: 'Parameter Store refused the parameter name',
};

/** A Parameter Store call about no one parameter (the CLI's `list --parameter`, DescribeParameters). */
const PARAMETER_STORE_DESCRIPTIONS: Partial<Record<ResolverErrorCode, string>> = {
  ...PARAMETER_DESCRIPTIONS,
  ACCESS_DENIED: 'Parameter Store refused the request',
};

/** The words for a code: a parameter's, Parameter Store's (an ssm: action), else a secret's. */
function describeCode(code: ResolverErrorCode, context: AwsErrorContext): string {
  if (context.parameterId !== undefined) return PARAMETER_DESCRIPTIONS[code] ?? DESCRIPTIONS[code];
  const ssm = context.action !== undefined && actionOf(context.action).startsWith('ssm:');
  return (ssm ? PARAMETER_STORE_DESCRIPTIONS[code] : undefined) ?? DESCRIPTIONS[code];
}

const KIND_OF_CODE = Object.fromEntries(
  Object.entries(CODE_OF_KIND).map(([kind, code]) => [code, kind]),
) as Partial<Record<ResolverErrorCode, AwsFailureKind>>;

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
  const failure = classifyAwsFailure(awsCode ?? '', awsMessage, status, context.action);
  if (CODE_OF_KIND[failure.kind] !== code) failure.kind = KIND_OF_CODE[code] ?? 'unknown';
  return errorOf(code, failure, context, cause, awsCode);
}

function errorOf(
  code: ResolverErrorCode,
  failure: AwsFailure,
  context: AwsErrorContext,
  cause: unknown,
  awsCode: string | undefined,
): ResolverError {
  const parameter = context.parameterId;
  const what =
    parameter !== undefined
      ? `parameter '${parameter}'`
      : context.secretId
        ? `secret '${context.secretId}'`
        : 'the request';
  const description = describeCode(code, context);
  const via = context.action ? ` (${context.action}${awsCode ? `: ${awsCode}` : ''})` : '';
  const rule =
    parameter !== undefined && context.crossAccount === true && CROSS_ACCOUNT_CODES.has(code)
      ? `; ${CROSS_ACCOUNT_PARAMETER_RULE}`
      : '';
  const detail = failure.message ? `: ${failure.message}` : '';
  return new ResolverError(code, `${what}: ${description}${via}${detail}${rule}`, {
    cause,
    hint: adviceFor(failure, context),
    secretId: context.secretId,
    parameterId: parameter,
    awsCode,
    status: failure.status,
  });
}

/**
 * Turns an error thrown by an SDK call into a `ResolverError` with a code and a hint; our
 * own errors pass through unchanged. The code and hint come from the one classification of
 * AWS failures (`readAwsError`), which also reads answers whose body is not JSON.
 *
 * @example
 * try { await client.send(command); } catch (error) { throw fromAwsError(error, { secretId: 'prod/db' }); }
 */
export function fromAwsError(error: unknown, context: AwsErrorContext = {}): ResolverError {
  if (error instanceof ResolverError) return error;
  const failure = readAwsError(error, context.action);
  const code = CODE_OF_KIND[failure.kind];
  const awsCode = failure.code === 'Error' ? undefined : failure.code;
  if (code === 'AUTH_FAILED') return authFailure(error, context, awsCode, failure.status);
  return errorOf(code, failure, context, error, awsCode);
}

function authFailure(
  error: unknown,
  context: AwsErrorContext,
  awsCode: string | undefined,
  status: number | undefined,
): ResolverError {
  // Keep auth's own diagnosis (code, hint); it also scrubs keys from the text.
  const authError = toAuthError(error);
  const what =
    context.parameterId !== undefined
      ? `parameter '${context.parameterId}'`
      : context.secretId
        ? `secret '${context.secretId}'`
        : 'the request';
  // A refused AssumeRole is advised from the one classification, like every refusal.
  const refusal =
    authError.code === 'ASSUME_ROLE_DENIED'
      ? readAwsError(authError.cause, 'AssumeRole')
      : undefined;
  const hint = refusal?.kind === 'access-denied' ? adviceFor(refusal, context) : authError.hint;
  // STS down or unreachable is an outage, not a rejection: report it as UNAVAILABLE so a
  // cached value can still be served stale while credentials cannot be renewed.
  return new ResolverError(
    STS_OUTAGE_CODES.has(authError.code) ? 'UNAVAILABLE' : 'AUTH_FAILED',
    `${what}: authentication to AWS failed (${authError.code}): ${oneLine(authError.message)}`,
    {
      cause: authError,
      hint,
      secretId: context.secretId,
      parameterId: context.parameterId,
      awsCode,
      status,
    },
  );
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
