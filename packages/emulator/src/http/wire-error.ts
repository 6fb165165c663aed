/**
 * An AWS API error as it goes over the wire: `code` is AWS's error code for the protocol
 * (e.g. `InvalidSignatureException` for JSON services, `SignatureDoesNotMatch` for STS).
 * Handlers throw it; the protocol layer renders it as JSON or XML.
 */
export class AwsWireError extends Error {
  readonly code: string;
  readonly status: number;
  /**
   * Why, in the emulator's words. Never in the body (AWS's words only): it goes into the
   * `x-emulator-explanation` response header and the emulator's log.
   */
  readonly explanation: string | undefined;

  constructor(code: string, message: string, status = 400, explanation?: string) {
    super(message);
    this.name = 'AwsWireError';
    this.code = code;
    this.status = status;
    this.explanation = explanation;
  }
}

/** Which wire protocol a request uses; error codes differ between the two. */
export type WireProtocol = 'json' | 'query';

/** Error codes that differ between the JSON services and STS's query protocol. */
const AUTH_CODES = {
  unknownKey: { json: 'UnrecognizedClientException', query: 'InvalidClientTokenId' },
  badSignature: { json: 'InvalidSignatureException', query: 'SignatureDoesNotMatch' },
  expired: { json: 'ExpiredTokenException', query: 'ExpiredToken' },
  missing: { json: 'MissingAuthenticationTokenException', query: 'MissingAuthenticationToken' },
  incomplete: { json: 'IncompleteSignatureException', query: 'IncompleteSignature' },
  denied: { json: 'AccessDeniedException', query: 'AccessDenied' },
  throttled: { json: 'ThrottlingException', query: 'Throttling' },
} as const;

/** The status AWS answers authentication errors with: 400 for JSON services, 403 for STS. */
const AUTH_STATUS = { json: 400, query: 403 } as const;

/** Builds the protocol's authentication or authorization error. */
export function authError(
  kind: keyof typeof AUTH_CODES,
  protocol: WireProtocol,
  message: string,
  explanation?: string,
): AwsWireError {
  const status = kind === 'throttled' ? 400 : AUTH_STATUS[protocol];
  return new AwsWireError(AUTH_CODES[kind][protocol], message, status, explanation);
}

/** The AccessDenied(Exception) of a refused decision: AWS's words, the explanation aside. */
export const deniedError = (
  protocol: WireProtocol,
  decision: { message: string; explanation?: string | undefined },
): AwsWireError => authError('denied', protocol, decision.message, decision.explanation);
