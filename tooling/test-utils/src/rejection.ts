/**
 * What a promise, or an async function, rejects with; the test fails when it resolves.
 * `T` only types the result for the assertions that follow.
 *
 * @example
 * const error = await rejectionOf(() => strategy.credentials());
 * expect(error).toMatchObject({ code: 'IMDS_UNREACHABLE' });
 */
export async function rejectionOf<T = unknown>(
  subject: Promise<unknown> | (() => Promise<unknown>),
): Promise<T> {
  try {
    await (typeof subject === 'function' ? subject() : subject);
  } catch (error) {
    return error as T;
  }
  throw new Error('expected a rejection, got a result');
}
