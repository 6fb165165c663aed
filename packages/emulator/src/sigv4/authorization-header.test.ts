import { describe, expect, it } from 'vitest';
import { parseAuthorizationHeader } from './authorization-header.js';

const SIGNATURE = 'a'.repeat(64);

describe('parseAuthorizationHeader', () => {
  it('reads key, scope, signed headers and signature', () => {
    expect(
      parseAuthorizationHeader(
        `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
      ),
    ).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      shortDate: '20260101',
      region: 'us-east-1',
      service: 'sts',
      signedHeaders: ['host', 'x-amz-date'],
      signature: SIGNATURE,
    });
  });

  it.each([
    [
      'another algorithm',
      `AWS4-ECDSA-P256-SHA256 Credential=A/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
    ],
    [
      'no signature',
      'AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/sts/aws4_request, SignedHeaders=host',
    ],
    [
      'short scope',
      `AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
    ],
    ['SigV2', 'AWS AKIAEXAMPLE:c2lnbmF0dXJl'],
  ])('refuses %s', (_, header) => {
    expect(parseAuthorizationHeader(header)).toBeUndefined();
  });
});
