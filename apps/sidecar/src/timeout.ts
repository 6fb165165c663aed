import type { ServerResponse } from 'node:http';
import { failure, type HttpFailure } from './error-table.js';

/** The 504 answered when the resolver has not answered within the request timeout. */
export function timeoutFailure(seconds: number): HttpFailure {
  return failure(
    'TIMEOUT',
    `no answer from Secrets Manager within ${seconds} s: retry later, or check the network path to AWS`,
  );
}

interface Bucket {
  /** When the bucket was opened (performance.now() ms); its requests came in after. */
  openedAt: number;
  responses: ServerResponse[];
}

/** How far from the end of the current bucket `release` looks for a response. */
const RELEASE_WINDOW = 8;

/**
 * Answers requests still pending after the timeout, with one timer for all of them and no
 * per-request bookkeeping beyond an array push: requests are kept in buckets of
 * `resolutionMs`; a response that has been answered (or whose caller left) is skipped when
 * its bucket is swept. A pending request is answered between `timeoutSeconds` and
 * `timeoutSeconds` plus two resolutions after it came in.
 *
 * `release` takes a response back out when its wait is over. It matters for speed, not
 * correctness: a cache hit is answered in the same turn, so its response is still at the end
 * of the current bucket and is dropped at once. Left in the bucket until the next sweep
 * (up to `resolutionMs`), every response with its request and buffers would outlive the
 * young generation's collections, be promoted to the old one, and make a busy server run
 * full mark-compact collections; measured, that doubled the sidecar's CPU per cache hit.
 *
 * @example
 * const watchdog = new RequestWatchdog(61, (res) => sendFailure(res, state, timeoutFailure(61)));
 * watchdog.watch(res); // before awaiting the resolver
 * watchdog.release(res); // once it answered, before writing the response
 */
export class RequestWatchdog {
  readonly #buckets: Bucket[] = [];
  #current: Bucket;
  readonly #timeoutMs: number;
  readonly #resolutionMs: number;
  readonly #onExpire: (res: ServerResponse) => void;
  readonly #timer: NodeJS.Timeout;

  constructor(timeoutSeconds: number, onExpire: (res: ServerResponse) => void, resolutionMs = 250) {
    this.#timeoutMs = timeoutSeconds * 1000;
    this.#resolutionMs = Math.max(1, Math.min(resolutionMs, this.#timeoutMs / 2));
    this.#onExpire = onExpire;
    this.#current = { openedAt: performance.now(), responses: [] };
    this.#buckets.push(this.#current);
    this.#timer = setInterval(() => this.#sweep(), this.#resolutionMs);
    this.#timer.unref();
  }

  /** Watches a request about to wait; `onExpire` runs once if it is unanswered in time. */
  watch(res: ServerResponse): void {
    this.#current.responses.push(res);
  }

  /**
   * Stops watching a response whose wait is over. Looks only at the newest few entries of
   * the current bucket (where a request answered in the same turn is); anything not found
   * there is dropped at the next sweep as before.
   */
  release(res: ServerResponse): void {
    const responses = this.#current.responses;
    const last = responses.length - 1;
    const stop = Math.max(0, last - RELEASE_WINDOW + 1);
    for (let i = last; i >= stop; i -= 1) {
      if (responses[i] !== res) continue;
      // Order within a bucket does not matter: move the last entry into the hole.
      responses[i] = responses[last] as ServerResponse;
      responses.pop();
      return;
    }
  }

  /** How many responses are being watched (answered ones are dropped at each sweep). */
  get size(): number {
    let total = 0;
    for (const bucket of this.#buckets) total += bucket.responses.length;
    return total;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#buckets.length = 0;
    this.#current = { openedAt: performance.now(), responses: [] };
    this.#buckets.push(this.#current);
  }

  #sweep(): void {
    const now = performance.now();
    // Drop what was answered from the bucket that just closed, so a busy server's buckets
    // hold only the few requests that are really waiting.
    this.#current.responses = this.#current.responses.filter(isPending);
    this.#current = { openedAt: now, responses: [] };
    this.#buckets.push(this.#current);
    // A bucket expires once its newest request (opened before the next bucket) is past due.
    while (this.#buckets.length > 1) {
      const oldest = this.#buckets[0] as Bucket;
      const next = this.#buckets[1] as Bucket;
      if (next.openedAt + this.#timeoutMs > now) break;
      this.#buckets.shift();
      for (const res of oldest.responses) if (isPending(res)) this.#onExpire(res);
    }
  }
}

const isPending = (res: ServerResponse): boolean => !res.headersSent && !res.destroyed;
