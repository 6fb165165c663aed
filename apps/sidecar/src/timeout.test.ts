import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RequestWatchdog } from './timeout.js';

/** The two properties the watchdog reads of a response. */
const response = () => ({ headersSent: false, destroyed: false }) as ServerResponse;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RequestWatchdog', () => {
  it('answers a pending request once, after the timeout and within two resolutions of it', async () => {
    const expired: { res: ServerResponse; at: number }[] = [];
    const watchdog = new RequestWatchdog(
      0.2,
      (res) => expired.push({ res, at: performance.now() }),
      20,
    );
    try {
      const pending = response();
      const answered = response();
      const left = response();
      const start = performance.now();
      watchdog.watch(pending);
      watchdog.watch(answered);
      watchdog.watch(left);
      (answered as { headersSent: boolean }).headersSent = true;
      (left as { destroyed: boolean }).destroyed = true;
      await sleep(400);
      expect(expired.map((entry) => entry.res)).toEqual([pending]);
      const after = (expired[0]?.at ?? 0) - start;
      expect(after).toBeGreaterThanOrEqual(200);
      expect(after).toBeLessThan(200 + 2 * 20 + 60);
    } finally {
      watchdog.close();
    }
  });

  it('forgets answered requests at the next sweep, so a busy server holds no backlog', async () => {
    const watchdog = new RequestWatchdog(60, () => {}, 10);
    try {
      for (let i = 0; i < 1000; i += 1) {
        const res = response();
        watchdog.watch(res);
        (res as { headersSent: boolean }).headersSent = true;
      }
      const waiting = response();
      watchdog.watch(waiting);
      await sleep(50);
      expect(watchdog.size).toBe(1);
    } finally {
      watchdog.close();
    }
  });

  it('releases a response answered in the same turn at once, and still expires the others', async () => {
    const expired: ServerResponse[] = [];
    const watchdog = new RequestWatchdog(0.05, (res) => expired.push(res), 10);
    try {
      const waiting = response();
      watchdog.watch(waiting);
      for (let i = 0; i < 100; i += 1) {
        const hit = response();
        watchdog.watch(hit);
        watchdog.release(hit);
      }
      expect(watchdog.size).toBe(1);
      // Released out of order (a later request answered first): both are taken out.
      const first = response();
      const second = response();
      watchdog.watch(first);
      watchdog.watch(second);
      watchdog.release(first);
      watchdog.release(second);
      expect(watchdog.size).toBe(1);
      // Releasing one not watched, or twice, changes nothing.
      watchdog.release(response());
      watchdog.release(second);
      expect(watchdog.size).toBe(1);
      await sleep(150);
      expect(expired).toEqual([waiting]);
    } finally {
      watchdog.close();
    }
  });
});
