import type { ServerResponse } from 'node:http';
import { failure, type HttpFailure } from './error-table.js';

/** The 504 answered when the resolver has not answered within the request timeout. */
export function timeoutFailure(seconds: number): HttpFailure {
  return failure(
    'TIMEOUT',
    `no answer from Secrets Manager within ${seconds} s: retry later, or check the network path to AWS`,
  );
}

interface Ticket {
  res: ServerResponse;
  deadline: number;
  onExpire: () => void;
}

/**
 * One timer for every request instead of one each: requests register a deadline, a sweep
 * every `resolutionMs` answers the expired ones. Cheaper on the hot path than a setTimeout
 * and a Promise.race per cache hit.
 *
 * @example
 * const watchdog = new RequestWatchdog(61, 250);
 * const ticket = watchdog.watch(res, () => sendFailure(res, state, timeoutFailure(61)));
 * try { await work; } finally { watchdog.release(ticket); }
 */
export class RequestWatchdog {
  readonly #tickets = new Set<Ticket>();
  readonly #timeoutMs: number;
  readonly #timer: NodeJS.Timeout;

  constructor(timeoutSeconds: number, resolutionMs = 250) {
    this.#timeoutMs = timeoutSeconds * 1000;
    this.#timer = setInterval(() => this.#sweep(), Math.min(resolutionMs, this.#timeoutMs));
    this.#timer.unref();
  }

  /** Registers a request; `onExpire` runs once if it is still pending at its deadline. */
  watch(res: ServerResponse, onExpire: () => void): Ticket {
    const ticket = { res, deadline: performance.now() + this.#timeoutMs, onExpire };
    this.#tickets.add(ticket);
    return ticket;
  }

  release(ticket: Ticket): void {
    this.#tickets.delete(ticket);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#tickets.clear();
  }

  #sweep(): void {
    const now = performance.now();
    for (const ticket of this.#tickets) {
      if (ticket.deadline > now) continue;
      this.#tickets.delete(ticket);
      if (!ticket.res.headersSent && !ticket.res.destroyed) ticket.onExpire();
    }
  }
}
