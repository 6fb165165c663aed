import { safeString } from '@vaultline/config';

/**
 * What kind of failure an AWS call ended with, as far as AWS's answer tells. Hints, the
 * sidecar's messages and `doctor`'s findings are all worded from this one classification.
 */
export type AwsFailureKind =
  /** A Secrets Manager or STS action was refused. */
  | 'access-denied'
  /** Secrets Manager could not use the secret's KMS key for the caller (kms:Decrypt refused). */
  | 'kms-access-denied'
  /** The KMS key exists but cannot be used: disabled, pending deletion (DecryptionFailure). */
  | 'key-unusable'
  | 'secret-not-found'
  /** The secret exists, but not the version stage or version id asked for. */
  | 'version-not-found'
  | 'secret-deleted'
  /** Parameter Store has no such parameter (or no version with that label). */
  | 'parameter-not-found'
  /** The parameter exists, but not the version number asked for. */
  | 'parameter-version-not-found'
  | 'invalid-request'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  /** The credentials themselves were refused (unknown key, bad signature, expired token). */
  | 'credentials'
  | 'unknown';

/** The document that refused an action, when AWS's message names it. */
export type DenyingDocument =
  | 'identity-policy'
  | 'resource-policy'
  | 'key-policy'
  | 'trust-policy'
  | 'permissions-boundary'
  | 'service-control-policy'
  | 'resource-control-policy'
  | 'session-policy'
  | 'vpc-endpoint-policy';

/** What an AccessDenied message says: who was refused what, on which resource, by what. */
export interface AccessDenial {
  principalArn?: string;
  /** The IAM action refused, such as `secretsmanager:GetSecretValue` or `kms:Decrypt`. */
  action?: string;
  resourceArn?: string;
  /** Which document refused, when AWS says so. */
  document?: DenyingDocument;
  /** True for an explicit Deny, false for a missing Allow, undefined when AWS does not say. */
  explicitDeny?: boolean;
}

/** One AWS failure, read from AWS's answer (never from an emulator's extra header). */
export interface AwsFailure {
  kind: AwsFailureKind;
  /** AWS's error code (`AccessDeniedException`), a network errno, or `HTTP <status>`. */
  code: string;
  /** AWS's message on one line ('' when there was none). */
  message: string;
  status?: number | undefined;
  /** The API operation that failed (`GetSecretValue`, `AssumeRole`, ...), when known. */
  operation?: string | undefined;
  denial?: AccessDenial | undefined;
  /** The version stage or id that was not found (kind `version-not-found`). */
  versionStage?: string | undefined;
  versionId?: string | undefined;
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
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const TIMEOUTS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const UNAVAILABLE = new Set([
  'InternalServiceError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const CREDENTIALS = new Set([
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
  'MissingAuthenticationTokenException',
]);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'KMSAccessDeniedException']);
/**
 * A refusal in KMS's words: Secrets Manager's "Access to KMS is not allowed", a `kms:` action,
 * or the KMS error Parameter Store passes on when it cannot decrypt a SecureString for the
 * caller ("The ciphertext refers to a customer master key ... (Service: AWSKMS; ...)").
 */
const KMS_REFUSAL =
  /^Access to KMS is not allowed|\bkms:|ciphertext refers to a customer master key|Service: AWSKMS/i;

/**
 * Classifies an AWS error code and message (an SDK exception's name, a BatchGetSecretValue
 * entry's `ErrorCode`, an XML body's `<Code>`).
 *
 * @example
 * classifyAwsFailure('AccessDeniedException', 'User: arn:… is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action', 400, 'ListSecrets').denial;
 * // { principalArn: 'arn:…', action: 'secretsmanager:ListSecrets', document: 'identity-policy', explicitDeny: false }
 */
export function classifyAwsFailure(
  code: string,
  rawMessage: string,
  status?: number,
  operation?: string,
): AwsFailure {
  const message = oneLine(rawMessage);
  const base: AwsFailure = { kind: kindOf(code, message, status), code, message, status };
  if (operation) base.operation = operation;
  if (base.kind === 'access-denied' || base.kind === 'kms-access-denied') {
    const denial = readDenial(message, operation);
    if (denial) base.denial = denial;
  }
  if (base.kind === 'version-not-found') Object.assign(base, readVersion(message));
  return base;
}

function kindOf(code: string, message: string, status: number | undefined): AwsFailureKind {
  if (NETWORK_CODES.has(code)) return code === 'ETIMEDOUT' ? 'timeout' : 'unavailable';
  if (DENIED.has(code)) {
    return KMS_REFUSAL.test(message) || code.startsWith('KMS')
      ? 'kms-access-denied'
      : 'access-denied';
  }
  if (code === 'DecryptionFailure') {
    return /access|not allowed|denied|not authorized/i.test(message)
      ? 'kms-access-denied'
      : 'key-unusable';
  }
  if (code === 'ResourceNotFoundException') {
    return /staging label|VersionId|version/i.test(message)
      ? 'version-not-found'
      : 'secret-not-found';
  }
  if (code === 'InvalidRequestException' && /delet/i.test(message)) return 'secret-deleted';
  if (code === 'ParameterNotFound') return 'parameter-not-found';
  if (code === 'ParameterVersionNotFound') return 'parameter-version-not-found';
  if (code === 'InvalidParameterException' || code === 'ValidationException') {
    return 'invalid-request';
  }
  if (UNAVAILABLE.has(code)) return 'unavailable';
  if (THROTTLING.has(code)) return 'throttled';
  if (TIMEOUTS.has(code)) return 'timeout';
  if (CREDENTIALS.has(code)) return 'credentials';
  return kindOfStatus(status);
}

function kindOfStatus(status: number | undefined): AwsFailureKind {
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'unavailable';
  if (status === 403) return 'access-denied';
  if (status === 404) return 'secret-not-found';
  return 'unknown';
}

const DENIAL_HEAD = /User: (\S+) is not authorized to perform: (\S+)(?: on resource: (\S+))?/;
const DENIAL_REASON =
  /(because no|with an explicit deny in) (?:an? |the )?(identity-based policy|resource-based policy|permissions boundary|service control policy|resource control policy|session policy|VPC endpoint policy|key policy|role trust policy)(?: allows the (\S+) action)?/;

const DOCUMENTS: Record<string, DenyingDocument> = {
  'identity-based policy': 'identity-policy',
  'resource-based policy': 'resource-policy',
  'permissions boundary': 'permissions-boundary',
  'service control policy': 'service-control-policy',
  'resource control policy': 'resource-control-policy',
  'session policy': 'session-policy',
  'VPC endpoint policy': 'vpc-endpoint-policy',
  'key policy': 'key-policy',
  'role trust policy': 'trust-policy',
};

/** Reads AWS's "User: … is not authorized to perform: … because/with …" sentence. */
function readDenial(message: string, operation: string | undefined): AccessDenial | undefined {
  const head = DENIAL_HEAD.exec(message);
  const reason = DENIAL_REASON.exec(message);
  if (!head && !reason) {
    if (KMS_REFUSAL.test(message)) return { action: 'kms:Decrypt' };
    return operation ? { action: actionOf(operation) } : undefined;
  }
  const denial: AccessDenial = {};
  if (head?.[1]) denial.principalArn = head[1];
  const action = head?.[2] ?? reason?.[3] ?? (operation ? actionOf(operation) : undefined);
  if (action) denial.action = action;
  if (head?.[3]) denial.resourceArn = head[3].replace(/[.,;:]$/, '');
  if (reason) {
    let document = DOCUMENTS[reason[2]!]!;
    // A KMS key policy and a role trust policy are AWS's "resource-based policy".
    if (document === 'resource-policy' && action?.startsWith('kms:')) document = 'key-policy';
    if (document === 'resource-policy' && action?.startsWith('sts:')) document = 'trust-policy';
    denial.document = document;
    denial.explicitDeny = reason[1] !== 'because no';
  }
  return denial;
}

function readVersion(message: string): Pick<AwsFailure, 'versionStage' | 'versionId'> {
  const stage = /staging label:?\s*([\w.-]+)/i.exec(message)?.[1];
  if (stage) return { versionStage: stage };
  const id = /VersionId:?\s*([\w.-]+)/i.exec(message)?.[1];
  return id ? { versionId: id } : {};
}

/** Parameter Store operations, whose IAM actions are `ssm:<operation>`. */
const SSM_OPERATIONS: ReadonlySet<string> = new Set([
  'GetParameter',
  'GetParameters',
  'GetParametersByPath',
  'GetParameterHistory',
  'DescribeParameters',
  'PutParameter',
  'DeleteParameter',
  'LabelParameterVersion',
]);

/** The IAM action of an API operation: `GetSecretValue` → `secretsmanager:GetSecretValue`. */
export function actionOf(operation: string): string {
  if (operation.includes(':')) return operation;
  if (operation === 'AssumeRole' || operation === 'GetCallerIdentity') return `sts:${operation}`;
  if (['Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey'].includes(operation)) {
    return `kms:${operation}`;
  }
  if (SSM_OPERATIONS.has(operation)) return `ssm:${operation}`;
  return `secretsmanager:${operation}`;
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $responseBodyText?: unknown;
  $response?: { body?: unknown };
}

/**
 * Reads any error an AWS SDK call can throw: service errors by their code, network errors
 * by their errno, and answers whose body is not JSON (an XML 403 from a proxy, an HTML
 * page) by the `<Code>` of an XML body, else by the HTTP status. The SDK's
 * "Deserialization error" never reaches the classification.
 *
 * @example
 * readAwsError(caught, 'GetSecretValue').kind; // 'access-denied'
 */
export function readAwsError(error: unknown, operation?: string): AwsFailure {
  if (typeof error !== 'object' || error === null) {
    return classifyAwsFailure('Error', safeString(error), undefined, operation);
  }
  const shape = error as ErrorShape;
  const status =
    typeof shape.$metadata?.httpStatusCode === 'number'
      ? shape.$metadata.httpStatusCode
      : undefined;
  // The errno first: the SDK's HTTP handler names a reset connection `TimeoutError`.
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) {
    return classifyAwsFailure(shape.code, messageOf(shape), status, operation);
  }
  const body = bodyTextOf(shape);
  if (body !== undefined) return fromBody(body, status, operation);
  const name = typeof shape.name === 'string' ? shape.name : '';
  const failure = classifyAwsFailure(name || 'Error', messageOf(shape), status, operation);
  if (failure.kind !== 'unknown') return failure;
  if (shape.$fault === 'server') return { ...failure, kind: 'unavailable' };
  if (error instanceof Error && error.cause !== undefined) {
    const inner = readAwsError(error.cause, operation);
    if (inner.kind !== 'unknown') return inner;
  }
  return failure;
}

/** The body of an answer the SDK could not parse, if that is what `shape` is. */
function bodyTextOf(shape: ErrorShape): string | undefined {
  if (shape.$metadata === undefined) return undefined;
  // An SDK error with a service code keeps it; only unparsed answers are read here.
  if (typeof shape.$responseBodyText === 'string') return shape.$responseBodyText;
  const message = messageOf(shape);
  if (!/Deserialization error/.test(message)) return undefined;
  return typeof shape.$response?.body === 'string' ? shape.$response.body : '';
}

function fromBody(body: string, status: number | undefined, operation?: string): AwsFailure {
  const code = xmlField(body, 'Code');
  if (code) return classifyAwsFailure(code, xmlField(body, 'Message') ?? '', status, operation);
  const what = status === undefined ? 'an answer' : `HTTP ${status}`;
  return classifyAwsFailure(
    status === undefined ? 'Error' : `HTTP ${status}`,
    `the endpoint answered ${what} whose body is not an AWS error (a proxy or firewall may have answered instead of AWS)`,
    status,
    operation,
  );
}

function xmlField(body: string, field: string): string | undefined {
  const match = new RegExp(`<${field}>([^<]*)</${field}>`).exec(body);
  return match ? decodeXml(match[1]!.trim()) : undefined;
}

const decodeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const messageOf = (shape: ErrorShape): string =>
  typeof shape.message === 'string' ? shape.message : '';

const oneLine = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
};
