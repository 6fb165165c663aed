import {
  ExpiredTokenException,
  RegionDisabledException,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { CredentialsProviderError } from '@smithy/property-provider';
import { describe, expect, it } from 'vitest';
import { AUTH_HINTS, AuthError } from './errors.js';
import { toAuthError } from './to-auth-error.js';

const sts = (name: string, message: string, status = 403) =>
  new STSServiceException({
    name,
    $fault: 'client',
    message,
    $metadata: { httpStatusCode: status },
  });

describe('toAuthError', () => {
  it.each([[{ toString: 0 }], [Object.create(null)]])(
    'does not throw on a value that cannot be turned into a string (%#)',
    (value) => {
      expect(toAuthError(value).code).toBe('UNKNOWN');
    },
  );

  it('returns an AuthError unchanged', () => {
    const error = new AuthError('EXPIRED', 'x', { hint: 'h' });
    expect(toAuthError(error)).toBe(error);
  });

  it.each([
    [
      'AccessDenied on AssumeRole, no ExternalId sent',
      sts(
        'AccessDenied',
        'User: arn:aws:sts::1:assumed-role/a/b is not authorized to perform: sts:AssumeRole',
      ),
      { operation: 'AssumeRole' as const, roleArn: 'arn:aws:iam::1:role/r' },
      'ASSUME_ROLE_DENIED',
      AUTH_HINTS.trustPolicyNeedsExternalId,
    ],
    [
      'AccessDenied on AssumeRole with an ExternalId',
      sts('AccessDenied', 'not authorized'),
      { operation: 'AssumeRole' as const, roleArn: 'arn:aws:iam::1:role/r', externalIdSent: true },
      'ASSUME_ROLE_DENIED',
      AUTH_HINTS.trustPolicyExternalId,
    ],
    [
      'AccessDenied elsewhere',
      sts('AccessDeniedException', 'not authorized to perform secretsmanager:GetSecretValue'),
      { operation: 'Request' as const },
      'ACCESS_DENIED',
      AUTH_HINTS.rolePolicy,
    ],
    [
      'InvalidClientTokenId',
      sts('InvalidClientTokenId', 'The security token included in the request is invalid.'),
      {},
      'INVALID_CLIENT_TOKEN',
      AUTH_HINTS.accessKey,
    ],
    [
      'SignatureDoesNotMatch (wrong secret key)',
      sts(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      ),
      {},
      'SIGNATURE_MISMATCH',
      AUTH_HINTS.secretKey,
    ],
    [
      'SignatureDoesNotMatch (wrong region in the scope)',
      sts(
        'SignatureDoesNotMatch',
        "Credential should be scoped to a valid region, not 'us-east-2'.",
      ),
      { stsEndpoint: 'https://sts.amazonaws.com', signingRegion: 'us-east-2' },
      'STS_REGION_MISMATCH',
      AUTH_HINTS.stsRegion,
    ],
    [
      'ExpiredTokenException',
      new ExpiredTokenException({
        message: 'The security token included in the request is expired',
        $metadata: {},
      }),
      {},
      'EXPIRED',
      AUTH_HINTS.expired,
    ],
    [
      'RegionDisabledException',
      new RegionDisabledException({
        message: 'STS is not activated in this region',
        $metadata: {},
      }),
      {},
      'STS_REGION_DISABLED',
      AUTH_HINTS.stsRegionDisabled,
    ],
    [
      'ValidationError on DurationSeconds',
      sts(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        400,
      ),
      { operation: 'AssumeRole' as const },
      'INVALID_CONFIG',
      AUTH_HINTS.roleChainDuration,
    ],
    [
      'connection refused to STS',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      { stsEndpoint: 'https://sts.amazonaws.com' },
      'STS_UNREACHABLE',
      AUTH_HINTS.network,
    ],
    [
      'IMDS refused',
      Object.assign(new Error('Unable to connect to instance metadata service'), {
        code: 'ECONNREFUSED',
      }),
      { operation: 'InstanceMetadata' as const },
      'IMDS_UNREACHABLE',
      AUTH_HINTS.imdsOffEc2,
    ],
    [
      'IMDS without a role',
      Object.assign(new Error('Request failed with status code 404'), {
        $metadata: { httpStatusCode: 404 },
      }),
      { operation: 'InstanceMetadata' as const },
      'CREDENTIALS_UNAVAILABLE',
      AUTH_HINTS.instanceProfile,
    ],
    [
      'end of the default chain',
      new CredentialsProviderError('Could not load credentials from any providers', {
        tryNextLink: false,
      }),
      { operation: 'DefaultChain' as const },
      'CREDENTIALS_UNAVAILABLE',
      AUTH_HINTS.defaultChain,
    ],
    ['anything else', new TypeError('boom'), {}, 'UNKNOWN', AUTH_HINTS.config],
  ])('%s', (_title, error, context, code, hint) => {
    const mapped = toAuthError(error, context);
    expect(mapped).toBeInstanceOf(AuthError);
    expect(mapped.code).toBe(code);
    expect(mapped.hint).toBe(hint);
    expect(mapped.cause).toBe(error);
    expect(mapped.message.length).toBeGreaterThan(20);
  });

  it('marks IMDS failures and chain misses as "try the next source"', () => {
    expect(toAuthError(new Error('x'), { operation: 'InstanceMetadata' }).tryNext).toBe(true);
    expect(toAuthError(new Error('x'), { operation: 'InstanceMetadata' }).tryNextLink).toBe(true);
    expect(toAuthError(sts('AccessDenied', 'no'), { operation: 'AssumeRole' }).tryNext).toBe(false);
    expect(
      toAuthError(new CredentialsProviderError('x', { tryNextLink: true }), {
        operation: 'DefaultChain',
      }).tryNext,
    ).toBe(true);
  });

  it('wraps non-errors', () => {
    expect(toAuthError('plain string')).toMatchObject({ code: 'UNKNOWN', cause: 'plain string' });
    expect(toAuthError(undefined).code).toBe('UNKNOWN');
  });
});

describe('no credentials in errors (canaries)', () => {
  const canaryKeyId = 'AKIACANARY0KEY0ID0ZZ';
  const canarySecret = 'CanarySecretAccessKey/0123456789abcdefXYZ';
  const canaryToken =
    'FwoGZXIvYXdzEC4aDCanarySessionToken0000000000000000000000000000000000000000000';

  it('scrubs known secrets and key-shaped strings from message and cause', () => {
    const cause = sts(
      'SignatureDoesNotMatch',
      `signature mismatch for ${canaryKeyId} secret=${canarySecret} token=${canaryToken}`,
    );
    const error = toAuthError(cause, { secrets: [canarySecret, canaryToken] });
    const texts = [
      error.message,
      error.hint,
      String(error),
      JSON.stringify(error),
      (error.cause as Error).message,
    ];
    for (const text of texts) {
      expect(text).not.toContain(canarySecret);
      expect(text).not.toContain(canaryToken);
      expect(text).not.toContain(canaryKeyId);
    }
    expect(error.message).toContain('AKIACANA********D0ZZ');
  });
});
