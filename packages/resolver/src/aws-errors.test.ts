import { AuthError } from '@vaultline/auth';
import { describe, expect, it } from 'vitest';
import { codeForAwsName, fromAwsError, toResolverError } from './aws-errors.js';
import { ResolverError } from './errors.js';

const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('codeForAwsName', () => {
  it.each([
    ['ResourceNotFoundException', '', 'SECRET_NOT_FOUND'],
    [
      'AccessDeniedException',
      'not authorized to perform: secretsmanager:GetSecretValue',
      'ACCESS_DENIED',
    ],
    ['AccessDeniedException', 'Access to KMS is not allowed', 'KMS_ACCESS_DENIED'],
    ['DecryptionFailure', 'the ciphertext is invalid', 'DECRYPTION_FAILURE'],
    ['DecryptionFailure', 'access denied by the key policy', 'KMS_ACCESS_DENIED'],
    ['InvalidRequestException', 'it was marked for deletion', 'SECRET_DELETED'],
    ['InvalidParameterException', '', 'INVALID_REFERENCE'],
    ['ThrottlingException', '', 'THROTTLED'],
    ['InternalServiceError', '', 'UNAVAILABLE'],
    ['TimeoutError', '', 'TIMEOUT'],
    ['UnrecognizedClientException', '', 'AUTH_FAILED'],
    // Parameter Store: GetParameter's modelled errors, and KMS's refusal passed on by GetParameters.
    ['ParameterNotFound', '', 'PARAMETER_NOT_FOUND'],
    ['ParameterVersionNotFound', 'could not find version 7 of /x', 'PARAMETER_VERSION_NOT_FOUND'],
    [
      'AccessDeniedException',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400)',
      'KMS_ACCESS_DENIED',
    ],
    [
      'AccessDeniedException',
      'User: arn:aws:iam::111122223333:user/app is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-2:111122223333:parameter/x',
      'ACCESS_DENIED',
    ],
    ['Whatever', '', undefined],
  ])('%s (%s) → %s', (name, message, code) => {
    expect(codeForAwsName(name, message)).toBe(code);
  });
});

describe('fromAwsError for a Parameter Store call about no one parameter', () => {
  it('says Parameter Store refused, not that a secret was denied', () => {
    const error = fromAwsError(
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:iam::111122223333:user/app is not authorized to perform: ssm:DescribeParameters because no identity-based policy allows the ssm:DescribeParameters action',
        400,
      ),
      { action: 'DescribeParameters' },
    );
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.message).toMatch(
      /^the request: Parameter Store refused the request \(DescribeParameters: AccessDeniedException\)/,
    );
    expect(error.message).not.toContain('secret');
  });
});

describe('fromAwsError for a parameter', () => {
  const context = {
    action: 'GetParameters',
    parameterId: '/prod/db/host:3',
    parameterName: '/prod/db/host',
    parameterArn: 'arn:aws:ssm:us-east-2:111122223333:parameter/prod/db/host',
    region: 'us-east-2',
  };

  it('names the parameter, ssm:GetParameters and its ARN', () => {
    const error = fromAwsError(
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:sts::111122223333:assumed-role/app/s is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-2:111122223333:parameter/prod/db/host because no identity-based policy allows the ssm:GetParameters action',
        400,
      ),
      context,
    );
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', parameterId: '/prod/db/host:3' });
    expect(error.message).toMatch(
      /^parameter '\/prod\/db\/host:3': access to the parameter was denied/,
    );
    expect(error.hint).toBe(
      'allow ssm:GetParameters on arn:aws:ssm:us-east-2:111122223333:parameter/prod/db/host in an identity-based policy of arn:aws:iam::111122223333:role/app (`vaultline policy` prints the read policy, which includes the Parameter Store actions when the config references parameters); if the parameter belongs to another account (shared with yours through AWS RAM), reference it by its full ARN: a name always means a parameter of your own account',
    );
  });

  it('gives the kms:ViaService condition of Parameter Store for a KMS refusal', () => {
    const error = fromAwsError(
      sdkError(
        'AccessDeniedException',
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400)',
        400,
      ),
      context,
    );
    expect(error.code).toBe('KMS_ACCESS_DENIED');
    expect(error.hint).toContain('kms:ViaService ssm.us-east-2.amazonaws.com');
    expect(error.hint).not.toContain('secretsmanager.');
  });

  it('says the cross-account rule for a parameter of another account', () => {
    const error = fromAwsError(sdkError('AccessDeniedException', 'not authorized', 400), {
      ...context,
      crossAccount: true,
    });
    expect(error.message).toContain('shares it with your account (AWS RAM)');
    expect(error.hint).toContain('the owner must share');
  });
});

describe('fromAwsError', () => {
  it('keeps the cause, names the secret and gives a hint', () => {
    const cause = sdkError('AccessDeniedException', 'User is not authorized', 400);
    const error = fromAwsError(cause, {
      secretId: 'prod/db',
      action: 'GetSecretValue',
      crossAccount: false,
    });
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.cause).toBe(cause);
    expect(error.message).toContain("secret 'prod/db'");
    expect(error.message).toContain('GetSecretValue: AccessDeniedException');
    expect(error.hint).toMatch(/read policy is not assigned/);
  });

  it.each([
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'UNAVAILABLE'],
    [Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), 'TIMEOUT'],
    [sdkError('UnknownError', '', 503), 'UNAVAILABLE'],
    [sdkError('SomethingElse', '', 429), 'THROTTLED'],
    [sdkError('SomethingElse', '', 400), 'UNKNOWN'],
    [Object.assign(new Error('wrapped'), { cause: { code: 'ECONNRESET' } }), 'UNAVAILABLE'],
    // What @smithy/node-http-handler throws for a reset or broken connection.
    [
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }),
      'UNAVAILABLE',
    ],
    [
      Object.assign(new Error('write EPIPE'), { name: 'TimeoutError', code: 'EPIPE' }),
      'UNAVAILABLE',
    ],
    // A real timeout stays TIMEOUT: the handler's own (no errno) and ETIMEDOUT.
    [
      Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' }),
      'TIMEOUT',
    ],
    [
      Object.assign(new Error('read ETIMEDOUT'), { name: 'TimeoutError', code: 'ETIMEDOUT' }),
      'TIMEOUT',
    ],
    ['a string', 'UNKNOWN'],
    [{ toString: 0 }, 'UNKNOWN'],
    [Object.create(null), 'UNKNOWN'],
  ])('classifies %s as %s', (error, code) => {
    expect(fromAwsError(error).code).toBe(code);
  });

  it.each([
    ['STS_UNAVAILABLE', 'UNAVAILABLE', true],
    ['STS_UNREACHABLE', 'UNAVAILABLE', true],
    ['ASSUME_ROLE_DENIED', 'AUTH_FAILED', false],
    ['EXPIRED', 'AUTH_FAILED', false],
  ] as const)(
    'an AuthError %s becomes %s (transient: %s), keeping its hint',
    (authCode, code, transient) => {
      const cause = new AuthError(authCode, 'STS said no', { hint: 'check the STS endpoint' });
      const error = fromAwsError(cause, { secretId: 'prod/db' });
      expect(error.code).toBe(code);
      expect(error.transient).toBe(transient);
      expect(error.hint).toBe('check the STS endpoint');
      expect(error.message).toContain(authCode);
    },
  );

  it('gives cross-account hints: resource policy, managed key', () => {
    expect(
      fromAwsError(sdkError('AccessDeniedException', 'denied'), { crossAccount: true }).hint,
    ).toMatch(/resource policy/);
    expect(
      fromAwsError(sdkError('AccessDeniedException', 'Access to KMS is not allowed'), {
        crossAccount: true,
      }).hint,
    ).toMatch(/AWS managed key aws\/secretsmanager can never be used from another account/);
    // DecryptionFailure is a key that cannot be used, not a refusal: no policy to add.
    const unusable = fromAwsError(sdkError('DecryptionFailure', 'bad key'), {
      crossAccount: false,
    });
    expect(unusable.hint).toMatch(/disabled or pending deletion/);
    expect(unusable.hint).not.toMatch(/policy/);
  });

  it('passes our own errors through unchanged', () => {
    const own = new ResolverError('NOT_JSON', 'x');
    expect(toResolverError(own)).toBe(own);
    expect(toResolverError(new Error('boom')).code).toBe('UNKNOWN');
  });
});
