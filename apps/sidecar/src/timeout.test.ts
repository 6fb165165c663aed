import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TIMED_OUT, withinTimeout } from './timeout.js';

/** A promise that never settles: a resolver call that hangs. */
const never = () => new Promise<string>(() => {});

describe('withinTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives up on a pending wait exactly when the timeout has passed', async () => {
    let outcome: string | typeof TIMED_OUT | undefined;
    void withinTimeout(never(), 61).then((value) => {
      outcome = value;
    });
    await vi.advanceTimersByTimeAsync(60_999);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe(TIMED_OUT);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes on an answer that comes first, and leaves no timer behind', async () => {
    const answered = withinTimeout(Promise.resolve('value'), 61);
    await expect(answered).resolves.toBe('value');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes on a failure that comes first, and leaves no timer behind', async () => {
    const failed = withinTimeout(Promise.reject(new Error('AWS said no')), 61);
    await expect(failed).rejects.toThrow('AWS said no');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps nothing of a thousand answered waits (a busy server holds no backlog)', async () => {
    const waits = Array.from({ length: 1000 }, (_, i) => withinTimeout(Promise.resolve(i), 61));
    const pending = withinTimeout(never(), 61);
    await Promise.all(waits);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(61_000);
    await expect(pending).resolves.toBe(TIMED_OUT);
    expect(vi.getTimerCount()).toBe(0);
  });
});
