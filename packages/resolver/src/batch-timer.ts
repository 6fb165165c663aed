/**
 * When a batching fetcher sends what it has gathered: after `windowMs`, or at the end of the
 * current turn of the event loop (setImmediate) when the window is 0. One timer at a time;
 * the secrets' and the parameters' fetchers share it.
 */
export class BatchTimer {
  readonly #windowMs: number;
  readonly #flush: () => void;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;

  constructor(windowMs: number, flush: () => void) {
    this.#windowMs = windowMs;
    this.#flush = flush;
  }

  /** Starts the timer unless one is running. */
  schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer =
      this.#windowMs > 0
        ? setTimeout(() => this.#flush(), this.#windowMs)
        : setImmediate(() => this.#flush());
  }

  /** Stops the running timer, if any (a flush that runs now, or closing). */
  clear(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
    clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
    this.#timer = undefined;
  }
}
