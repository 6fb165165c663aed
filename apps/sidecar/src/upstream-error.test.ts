import { ResolverError, toResolverError } from '@vaultline/resolver';
import { describe, expect, it } from 'vitest';
import { failureFromError } from './upstream-error.js';

/** An SDK service exception as @aws-sdk/client-secrets-manager throws it. */
const serviceException = (name: string, message: string, status: number) =>
  Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });

describe('failureFromError: AWS errors pass through, vaultline advice beside them', () => {
  it.each([
    ['ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400],
    ['ThrottlingException', 'Rate exceeded', 400],
    ['InternalServiceError', 'An error occurred on the server side.', 500],
    ['AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized', 400],
  ])('%s keeps its status, __type and message unchanged', (name, message, status) => {
    const error = toResolverError(serviceException(name, message, status));
    const failed = failureFromError(error);
    expect(failed).toMatchObject({ status, type: name, message });
    expect(failed.agentBody).toBeUndefined();
    // The resolver's explanation is not lost: it travels as the hint.
    expect(failed.hint).toBeTruthy();
  });

  it('passes a BatchGetSecretValue error entry through as a 400', () => {
    const entry = { SecretId: 'prod/x', ErrorCode: 'ResourceNotFoundException', Message: 'gone' };
    const error = new ResolverError('SECRET_NOT_FOUND', "secret 'prod/x': ...", { cause: entry });
    expect(failureFromError(error)).toMatchObject({
      status: 400,
      type: 'ResourceNotFoundException',
      message: 'gone',
    });
  });

  it('finds the AWS error behind a stale-serving failure (cause of a cause)', () => {
    const throttled = toResolverError(
      serviceException('ThrottlingException', 'Rate exceeded', 400),
    );
    const pastStale = new ResolverError('UNAVAILABLE', 'too stale', { cause: throttled });
    expect(failureFromError(pastStale)).toMatchObject({ status: 400, type: 'ThrottlingException' });
  });

  // aws_secretsmanager_provider/src/cache_manager.rs, svc_err: a reset or broken connection
  // is 502 ConnectionError "Read Error", a timeout 504 TimeoutError "Timeout".
  it('answers a reset connection (the SDK says TimeoutError, code ECONNRESET) with 502', () => {
    const reset = Object.assign(new Error('socket hang up'), {
      name: 'TimeoutError',
      code: 'ECONNRESET',
    });
    expect(failureFromError(toResolverError(reset))).toMatchObject({
      status: 502,
      type: 'ConnectionError',
      agentBody: '{"__type":"ConnectionError","message":"Read Error"}',
    });
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(failureFromError(toResolverError(timeout))).toMatchObject({
      status: 504,
      type: 'TimeoutError',
      agentBody: '{"__type":"TimeoutError","message":"Timeout"}',
    });
  });

  it('keeps its own row for failures of vaultline (a missing JSON key)', () => {
    const failed = failureFromError(
      new ResolverError('KEY_NOT_FOUND', 'no key x', { hint: 'check the key' }),
    );
    expect(failed).toMatchObject({ status: 400, message: 'no key x (check the key)' });
  });

  it('hides anything that is not a ResolverError behind InternalFailure', () => {
    const failed = failureFromError(new Error('password=hunter2 leaked by a bug'));
    expect(failed).toMatchObject({ status: 500, type: 'InternalFailure', message: '' });
  });
});
