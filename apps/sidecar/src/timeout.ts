import { failure, type HttpFailure } from './error-table.js';

/** Thrown (as a value) when the resolver did not answer within the request timeout. */
export class RequestTimeout {
  readonly failure: HttpFailure;
  constructor(seconds: number) {
    this.failure = failure(
      'TIMEOUT',
      `no answer from Secrets Manager within ${seconds} s: retry later, or check the network path to AWS`,
    );
  }
}

/**
 * Resolves as `promise` does, or rejects with a RequestTimeout after `seconds`.
 *
 * @example
 * const secret = await withTimeout(resolver.getSecret('prod/db'), 61);
 */
export function withTimeout<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout(seconds)), seconds * 1000);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
