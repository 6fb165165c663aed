import { RESOLVER_ERROR_CODES, ResolverError, toResolverError } from '@vaultline/resolver';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, errorBody, failureFromError } from './error-table.js';

describe('the error table', () => {
  it('has a row for every resolver error code', () => {
    const missing = RESOLVER_ERROR_CODES.filter((code) => !Object.hasOwn(ERROR_TABLE, code));
    expect(missing).toEqual([]);
  });

  it.each([
    ['SECRET_NOT_FOUND', 400, 'ResourceNotFoundException'],
    ['ACCESS_DENIED', 400, 'AccessDeniedException'],
    ['THROTTLED', 400, 'ThrottlingException'],
    ['UNAVAILABLE', 502, 'ConnectionError'],
    ['TIMEOUT', 504, 'TimeoutError'],
    ['UNKNOWN_CONNECTION', 404, 'ResourceNotFoundException'],
  ] as const)('maps %s to %i %s with the message and hint', (code, status, type) => {
    const failed = failureFromError(
      new ResolverError(code, 'what happened', { hint: 'what to do' }),
    );
    expect(failed).toMatchObject({ status, type, message: 'what happened (what to do)' });
    expect(JSON.parse(errorBody(failed))).toEqual({
      __type: type,
      message: 'what happened (what to do)',
    });
  });

  it('answers a reset connection (the SDK says TimeoutError, code ECONNRESET) with 502', () => {
    const reset = Object.assign(new Error('socket hang up'), {
      name: 'TimeoutError',
      code: 'ECONNRESET',
    });
    expect(failureFromError(toResolverError(reset))).toMatchObject({ status: 502 });
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(failureFromError(toResolverError(timeout))).toMatchObject({ status: 504 });
  });

  it('hides anything that is not a ResolverError behind InternalFailure', () => {
    const failed = failureFromError(new Error('password=hunter2 leaked by a bug'));
    expect(failed.status).toBe(500);
    expect(errorBody(failed)).toBe('{"__type":"InternalFailure"}');
  });
});
