import { failure, type HttpFailure } from './error-table.js';

/** The 504 answered when the resolver has not answered within the request timeout. */
export function timeoutFailure(seconds: number): HttpFailure {
  return {
    ...failure(
      'TIMEOUT',
      `no answer from Secrets Manager within ${seconds} s: retry later, or check the network path to AWS`,
      // The agent's body for a timeout (aws_secretsmanager_provider/src/cache_manager.rs, svc_err).
      '{"__type":"TimeoutError","message":"Timeout"}',
    ),
    hint: `no answer from Secrets Manager within request_timeout_seconds (${seconds} s): retry later, or check the network path to AWS`,
  };
}

/** What {@link withinTimeout} resolves with when the time ran out first. */
export const TIMED_OUT = Symbol('timed out');

/**
 * Settles as `work` does, or resolves with {@link TIMED_OUT} once `seconds` have passed
 * first. The timer is cleared as soon as either happens, so an answered request leaves
 * nothing behind. `work` itself goes on; its late result is dropped.
 *
 * @example
 * const secret = await withinTimeout(resolver.getSecret('prod/db'), 61);
 * if (secret === TIMED_OUT) sendFailure(res, ctx, timeoutFailure(61));
 */
export async function withinTimeout<T>(
  work: Promise<T>,
  seconds: number,
): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, seconds * 1000, TIMED_OUT);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
