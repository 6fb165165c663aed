import { redactSecrets, safeString } from '@vaultline/config';
import { AuthError, type AuthErrorCode, isAuthError } from './errors.js';
import { AUTH_HINTS } from './hints.js';

/** What was being done when an error happened; shapes the code, message and hint. */
export interface AuthErrorContext {
  /** The step that failed. */
  operation?: 'AssumeRole' | 'GetCallerIdentity' | 'InstanceMetadata' | 'DefaultChain' | 'Request';
  /** The role being assumed, for AssumeRole. */
  roleArn?: string | undefined;
  /** Whether an ExternalId was sent with AssumeRole. */
  externalIdSent?: boolean | undefined;
  /** The STS endpoint and signing region in use. */
  stsEndpoint?: string | undefined;
  signingRegion?: string | undefined;
  /** Known secret values to scrub from any text (secret keys, session tokens). */
  secrets?: readonly (string | undefined)[] | undefined;
}

interface ErrorFacts {
  name: string;
  message: string;
  code: string | undefined;
  status: number | undefined;
  tryNextLink: boolean | undefined;
}

function factsOf(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) {
    return {
      name: typeof error,
      message: safeString(error),
      code: undefined,
      status: undefined,
      tryNextLink: undefined,
    };
  }
  const e = error as Record<string, unknown> & { $metadata?: { httpStatusCode?: number } };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : safeString(error),
    code: typeof e.code === 'string' ? e.code : typeof e.Code === 'string' ? e.Code : undefined,
    status:
      e.$metadata?.httpStatusCode ?? (typeof e.statusCode === 'number' ? e.statusCode : undefined),
    tryNextLink: typeof e.tryNextLink === 'boolean' ? e.tryNextLink : undefined,
  };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

function isNetworkFailure(f: ErrorFacts): boolean {
  return (
    (f.code !== undefined && NETWORK_CODES.has(f.code)) ||
    f.name === 'TimeoutError' ||
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|timed? ?out/i.test(f.message)
  );
}

interface Mapped {
  code: AuthErrorCode;
  message: string;
  hint: string;
  tryNext?: boolean;
}

// The SDK's words when the session-token request fails and IMDSv1 may not be used
// (@smithy/credential-provider-imds and @aws-sdk/ec2-metadata-service).
const IMDS_V2_REFUSED =
  /v1 fallback has been blocked|Error fetching metadata token|IMDSv1 is disabled/i;

function mapImds(f: ErrorFacts): Mapped {
  if (IMDS_V2_REFUSED.test(f.message) && !isNetworkFailure(f)) {
    return {
      code: 'IMDS_V2_UNAVAILABLE',
      message: `The instance metadata service gave no IMDSv2 session token: expected an answer to PUT /latest/api/token, and vaultline does not fall back to IMDSv1 (requests without a token). (${f.message})`,
      hint: AUTH_HINTS.imdsV2,
      tryNext: true,
    };
  }
  if (f.code === 'AssumeRoleUnauthorizedAccess') {
    return {
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `The instance metadata service could not hand out the instance profile's credentials: EC2 may not assume the role. (${f.message})`,
      hint: AUTH_HINTS.instanceRoleTrust,
      tryNext: true,
    };
  }
  if (f.status === 404) {
    return {
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `The instance metadata service answered but lists no role credentials (HTTP 404): expected an instance profile on this instance. (${f.message})`,
      hint: AUTH_HINTS.instanceProfile,
      tryNext: true,
    };
  }
  return {
    code: 'IMDS_UNREACHABLE',
    message: `The instance metadata service was not reached: expected an answer from the EC2 metadata endpoint, got "${f.message}".`,
    hint: AUTH_HINTS.imdsOffEc2,
    tryNext: true,
  };
}

function mapSts(f: ErrorFacts, ctx: AuthErrorContext): Mapped | undefined {
  const where = ctx.stsEndpoint
    ? ` (STS endpoint ${ctx.stsEndpoint}, signed for ${ctx.signingRegion ?? 'an unknown region'})`
    : '';
  switch (f.name) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      if (ctx.operation === 'AssumeRole') {
        return {
          code: 'ASSUME_ROLE_DENIED',
          message: `sts:AssumeRole on ${ctx.roleArn ?? 'the role'} was denied${where}: expected the role's trust policy to allow this caller${ctx.externalIdSent ? ' with the configured ExternalId' : ''}. AWS said: ${f.message}`,
          hint: ctx.externalIdSent
            ? AUTH_HINTS.trustPolicyExternalId
            : AUTH_HINTS.trustPolicyNeedsExternalId,
        };
      }
      return {
        code: 'ACCESS_DENIED',
        message: `The request was denied: expected the identity to hold a policy that allows it. AWS said: ${f.message}`,
        hint: AUTH_HINTS.rolePolicy,
      };
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
      return {
        code: 'INVALID_CLIENT_TOKEN',
        message: `AWS does not recognise the access key ID or security token${where}. AWS said: ${f.message}`,
        hint: AUTH_HINTS.accessKey,
      };
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
    case 'InvalidSignatureException':
      if (/signature expired/i.test(f.message)) {
        return {
          code: 'CLOCK_SKEW',
          message: `AWS rejected the request time${where}. AWS said: ${f.message}`,
          hint: AUTH_HINTS.clock,
        };
      }
      if (/scoped to a valid region|credential scope.*region/i.test(f.message)) {
        return {
          code: 'STS_REGION_MISMATCH',
          message: `The request was signed for ${ctx.signingRegion ?? 'a region'} but the endpoint expects another${where}. AWS said: ${f.message}`,
          hint: AUTH_HINTS.stsRegion,
        };
      }
      return {
        code: 'SIGNATURE_MISMATCH',
        message: `AWS computed a different signature${where}: expected the secret access key that belongs to this access key ID. AWS said: ${f.message}`,
        hint: AUTH_HINTS.secretKey,
      };
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'TokenRefreshRequired':
      return {
        code: 'EXPIRED',
        message: `The credentials have expired${where}. AWS said: ${f.message}`,
        hint: AUTH_HINTS.expired,
      };
    case 'RequestExpired':
    case 'SignatureExpired':
    case 'RequestTimeTooSkewed':
      return {
        code: 'CLOCK_SKEW',
        message: `AWS rejected the request time${where}. AWS said: ${f.message}`,
        hint: AUTH_HINTS.clock,
      };
    case 'RegionDisabledException':
      return {
        code: 'STS_REGION_DISABLED',
        message: `STS is not activated in the region of this endpoint${where}. AWS said: ${f.message}`,
        hint: AUTH_HINTS.stsRegionDisabled,
      };
    case 'ValidationError':
    case 'MalformedPolicyDocument':
    case 'PackedPolicyTooLarge':
      return {
        code: 'INVALID_CONFIG',
        message: `STS refused the request parameters${ctx.roleArn ? ` for ${ctx.roleArn}` : ''}. AWS said: ${f.message}`,
        hint: /DurationSeconds|chaining/i.test(f.message)
          ? AUTH_HINTS.roleChainDuration
          : AUTH_HINTS.config,
      };
    case 'ServiceUnavailable':
    case 'ServiceUnavailableException':
    case 'InternalFailure':
    case 'InternalError':
    case 'Throttling':
    case 'ThrottlingException':
      return {
        code: 'STS_UNAVAILABLE',
        message: `STS could not answer${where}: ${f.name}. AWS said: ${f.message}`,
        hint: AUTH_HINTS.transient,
      };
    default:
      if (f.status !== undefined && f.status >= 500) {
        return {
          code: 'STS_UNAVAILABLE',
          message: `STS answered HTTP ${f.status}${where}: ${f.name}: ${f.message}`,
          hint: AUTH_HINTS.transient,
        };
      }
      return undefined;
  }
}

function mapFacts(f: ErrorFacts, ctx: AuthErrorContext): Mapped {
  if (ctx.operation === 'InstanceMetadata') return mapImds(f);
  const sts = mapSts(f, ctx);
  if (sts) return sts;
  if (isNetworkFailure(f)) {
    return {
      code: 'STS_UNREACHABLE',
      message: `The STS endpoint${ctx.stsEndpoint ? ` ${ctx.stsEndpoint}` : ''} was not reached: ${f.message}`,
      hint: AUTH_HINTS.network,
    };
  }
  if (f.name === 'CredentialsProviderError' || f.name === 'ProviderError') {
    return {
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `No credentials were found${ctx.operation === 'DefaultChain' ? ' by the AWS SDK default chain' : ''}: ${f.message}`,
      hint: AUTH_HINTS.defaultChain,
      tryNext: f.tryNextLink ?? true,
    };
  }
  return {
    code: 'UNKNOWN',
    message: `Authentication failed${ctx.operation ? ` during ${ctx.operation}` : ''}: ${f.name}: ${f.message}`,
    hint: AUTH_HINTS.config,
  };
}

/**
 * Normalises anything thrown during authentication into an `AuthError`. An `AuthError` is
 * returned unchanged; anything else is classified (SDK error name, HTTP status, network
 * code), explained, and kept as `cause`. Known secrets and anything shaped like a key are
 * scrubbed from the message and from the cause's message.
 *
 * @example
 * try {
 *   await sts.send(new AssumeRoleCommand(params));
 * } catch (error) {
 *   throw toAuthError(error, { operation: 'AssumeRole', roleArn: params.RoleArn });
 * }
 */
export function toAuthError(error: unknown, context: AuthErrorContext = {}): AuthError {
  if (isAuthError(error)) return error;
  const secrets = context.secrets ?? [];
  const facts = factsOf(error);
  const mapped = mapFacts(facts, context);
  if (error instanceof Error) {
    const clean = redactSecrets(error.message, secrets);
    if (clean !== error.message) {
      try {
        error.message = clean;
      } catch {
        // a frozen error keeps its message; ours below is scrubbed either way
      }
    }
  }
  return new AuthError(mapped.code, redactSecrets(mapped.message, secrets), {
    cause: error,
    hint: mapped.hint,
    tryNext: mapped.tryNext ?? false,
  });
}
