import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ParsedAuthorization } from './authorization-header.js';

/** What the server received, reduced to what SigV4 covers. */
export interface ReceivedRequest {
  method: string;
  /** Path exactly as received (still percent-encoded). */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: Buffer;
}

const Sha256 = Hash.bind(null, 'sha256');

/**
 * Recomputes the signature of a received request with `@smithy/signature-v4`, the same
 * signer the AWS SDK uses, over exactly the headers the client said it signed.
 *
 * @example
 * const expected = await recomputeSignature(received, parsed, secretAccessKey, sessionToken, date);
 */
export async function recomputeSignature(
  received: ReceivedRequest,
  auth: ParsedAuthorization,
  secretAccessKey: string,
  sessionToken: string | undefined,
  signingDate: Date,
): Promise<string> {
  const signed = new Set(auth.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = received.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const request = new HttpRequest({
    method: received.method,
    protocol: 'https:',
    hostname: headers.host ?? '',
    path: received.path,
    query: received.query,
    headers,
    body: received.body.length > 0 ? received.body : undefined,
  });
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey,
      // The signer adds the token header itself; only when the client signed it.
      sessionToken: signed.has('x-amz-security-token') ? sessionToken : undefined,
    },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const result = await signer.sign(request, {
    signingDate,
    signingRegion: auth.region,
    signingService: auth.service,
    signableHeaders: signed,
  });
  const authorization = String(result.headers.authorization ?? '');
  return /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
}

/**
 * Hashes a payload with the same SHA-256 the signer uses, for checking a client's
 * `x-amz-content-sha256` claim.
 *
 * @example
 * await payloadHash(Buffer.from('')); // 'e3b0c442...'
 */
export async function payloadHash(body: Buffer): Promise<string> {
  const hash = new Sha256();
  hash.update(body);
  return Buffer.from(await hash.digest()).toString('hex');
}
