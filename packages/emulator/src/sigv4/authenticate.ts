import { timingSafeEqual } from 'node:crypto';
import type { Endpoint, ServiceName } from '../http/endpoint.js';
import { authError, type WireProtocol } from '../http/wire-error.js';
import type { CredentialRecord, IdentityStore } from '../state/identities.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { payloadHash, type ReceivedRequest, recomputeSignature } from './recompute.js';

/** How far a request's X-Amz-Date may be from the server's clock, as on AWS. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** An authenticated request: who signed it and for which region. */
export interface Authenticated {
  credential: CredentialRecord;
  region: string;
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Verifies a request's SigV4 signature, its credential scope against the endpoint, the
 * access key, the session token and its expiry. Throws the AWS error of the protocol.
 *
 * @example
 * const { credential, region } = await authenticate(received, endpoint, 'sts', 'query', identities);
 */
export async function authenticate(
  received: ReceivedRequest,
  endpoint: Endpoint,
  service: ServiceName,
  protocol: WireProtocol,
  identities: IdentityStore,
  now = new Date(),
): Promise<Authenticated> {
  const auth = readAuthorization(received.headers.authorization, protocol);
  checkScope(auth, endpoint, service, protocol);
  const dateHeader = received.headers['x-amz-date'];
  const signingDate = checkSigningDate(auth, dateHeader, protocol);
  const credential = presentedCredential(received, auth, identities, protocol, now);
  await checkPayloadHash(received, protocol);
  const expected = await recomputeSignature(
    received,
    auth,
    credential.secretAccessKey,
    credential.sessionToken,
    signingDate,
  );
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw authError('badSignature', protocol, SIGNATURE_MISMATCH);
  }
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw authError(
      'badSignature',
      protocol,
      `Signature expired: ${dateHeader} is now earlier or later than the server time by more than 15 minutes.`,
    );
  }
  return { credential, region: auth.region };
}

type Authorization = NonNullable<ReturnType<typeof parseAuthorizationHeader>>;

/** The Authorization header's fields, or AWS's error for a missing or incomplete one. */
function readAuthorization(header: string | undefined, protocol: WireProtocol): Authorization {
  if (!header) {
    throw authError(
      'missing',
      protocol,
      protocol === 'query'
        ? 'Request is missing Authentication Token'
        : 'Missing Authentication Token',
    );
  }
  const auth = parseAuthorizationHeader(header);
  if (!auth) {
    throw authError(
      'incomplete',
      protocol,
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters (AWS4-HMAC-SHA256).",
    );
  }
  return auth;
}

/** The credential scope must name this service and, on an AWS host, its region. */
function checkScope(
  auth: Authorization,
  endpoint: Endpoint,
  service: ServiceName,
  protocol: WireProtocol,
): void {
  if (auth.service !== service) {
    throw authError(
      'badSignature',
      protocol,
      `Credential should be scoped to correct service: '${service}'. `,
    );
  }
  if (endpoint.kind === 'aws' && auth.region !== endpoint.region) {
    throw authError(
      'badSignature',
      protocol,
      protocol === 'query'
        ? `Credential should be scoped to a valid region. `
        : `Credential should be scoped to a valid region, not '${auth.region}'. `,
    );
  }
}

/** The signed X-Amz-Date, which must agree with the credential scope's date. */
function checkSigningDate(
  auth: Authorization,
  dateHeader: string | undefined,
  protocol: WireProtocol,
): Date {
  const signingDate = dateHeader ? parseAmzDate(dateHeader) : undefined;
  if (!signingDate || !auth.signedHeaders.includes('host')) {
    throw authError(
      'incomplete',
      protocol,
      'The request must carry a signed X-Amz-Date header and sign the Host header.',
    );
  }
  if (dateHeader!.slice(0, 8) !== auth.shortDate) {
    throw authError(
      'badSignature',
      protocol,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.shortDate}' != '${dateHeader!.slice(0, 8)}'`,
    );
  }
  return signingDate;
}

/** The access key's record, with its session token checked and not expired. */
function presentedCredential(
  received: ReceivedRequest,
  auth: Authorization,
  identities: IdentityStore,
  protocol: WireProtocol,
  now: Date,
): CredentialRecord {
  const invalid = () =>
    authError('unknownKey', protocol, 'The security token included in the request is invalid.');
  const credential = identities.lookup(auth.accessKeyId);
  if (!credential) throw invalid();
  if (credential.sessionToken === undefined) return credential;
  if (received.headers['x-amz-security-token'] !== credential.sessionToken) throw invalid();
  if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) {
    throw authError('expired', protocol, 'The security token included in the request is expired');
  }
  return credential;
}

/** A claimed payload hash (other than UNSIGNED-PAYLOAD) must be the body's. */
async function checkPayloadHash(received: ReceivedRequest, protocol: WireProtocol): Promise<void> {
  const claimedHash = received.headers['x-amz-content-sha256'];
  if (!claimedHash || claimedHash === 'UNSIGNED-PAYLOAD') return;
  if (claimedHash !== (await payloadHash(received.body))) {
    throw authError(
      'badSignature',
      protocol,
      'The provided x-amz-content-sha256 header does not match the computed payload hash.',
    );
  }
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
