import { describe, expect, it } from 'vitest';
import { rejectionOf } from './rejection.js';

describe('rejectionOf', () => {
  it('gives what a promise or an async function rejects with', async () => {
    const error = new Error('no');
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
    expect(await rejectionOf(async () => Promise.reject(error))).toBe(error);
  });

  it('fails when the promise resolves', async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow(
      'expected a rejection, got a result',
    );
  });
});
