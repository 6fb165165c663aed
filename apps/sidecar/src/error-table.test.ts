import { RESOLVER_ERROR_CODES } from '@vaultline/resolver';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, errorBody, failure } from './error-table.js';

describe('the error table', () => {
  it('has a row for every resolver error code', () => {
    const missing = RESOLVER_ERROR_CODES.filter((code) => !Object.hasOwn(ERROR_TABLE, code));
    expect(missing).toEqual([]);
  });

  it('writes the JSON error body, and only __type for an internal failure', () => {
    expect(errorBody(failure('BAD_TOKEN', 'missing or wrong token', 'Bad Token'))).toBe(
      '{"__type":"AccessDeniedException","message":"missing or wrong token"}',
    );
    expect(errorBody(failure('INTERNAL', 'details'))).toBe('{"__type":"InternalFailure"}');
  });
});
