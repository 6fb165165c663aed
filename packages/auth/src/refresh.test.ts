import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { createRefreshingProvider, renewalTime } from './refresh.js';

/** A credential source that issues numbered credentials of a fixed lifetime on a fake clock. */
function fakeSts(clock: { t: number }, lifetimeMs: number) {
  let issued = 0;
  const pending: Array<() => void> = [];
  let hold = false;
  let fail = false;
  const source = async (): Promise<AwsCredentialIdentity> => {
    issued += 1;
    const n = issued;
    if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    if (fail) throw Object.assign(new Error('Throttling'), { name: 'Throttling' });
    return {
      accessKeyId: `ASIA${String(n).padStart(16, '0')}`,
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(clock.t + lifetimeMs),
    };
  };
  return {
    source,
    get issued() {
      return issued;
    },
    hold(on: boolean) {
      hold = on;
      if (!on) for (const release of pending.splice(0)) release();
    },
    fail(on: boolean) {
      fail = on;
    },
  };
}

describe('renewalTime', () => {
  it('renews a few minutes early for long lifetimes, with jitter', () => {
    expect(renewalTime(0, 3_600_000, { random: () => 0 })).toBe(3_300_000);
    expect(renewalTime(0, 3_600_000, { random: () => 0.999 })).toBeCloseTo(3_240_060, -2);
  });

  it('caps the margin at about a quarter of short lifetimes', () => {
    expect(renewalTime(0, 60_000, { random: () => 0.5 })).toBe(45_000);
    const low = renewalTime(0, 60_000, { random: () => 0 });
    const high = renewalTime(0, 60_000, { random: () => 0.999 });
    expect(low).toBeGreaterThan(43_000);
    expect(high).toBeLessThan(47_000);
  });
});

describe('createRefreshingProvider', () => {
  it('serves cached credentials until the renewal time, then renews once', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock, 60_000);
    const provider = createRefreshingProvider(sts.source, {
      now: () => clock.t,
      random: () => 0.5,
    });
    const first = await provider();
    clock.t = 44_000;
    expect(await provider()).toBe(first);
    expect(sts.issued).toBe(1);
    clock.t = 46_000;
    // inside the window: still the valid credentials, renewal in the background
    expect(await provider()).toBe(first);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(sts.issued).toBe(2);
    expect((await provider()).accessKeyId).not.toBe(first.accessKeyId);
  });

  it('shares one renewal between concurrent callers', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock, 60_000);
    const provider = createRefreshingProvider(sts.source, { now: () => clock.t });
    sts.hold(true);
    const callers = Array.from({ length: 50 }, () => provider());
    sts.hold(false);
    const results = await Promise.all(callers);
    expect(new Set(results.map((c) => c.accessKeyId)).size).toBe(1);
    expect(sts.issued).toBe(1);

    clock.t = 50_000; // renewal window
    sts.hold(true);
    const during = await Promise.all(Array.from({ length: 50 }, () => provider()));
    expect(during.every((c) => c === results[0])).toBe(true);
    expect(sts.issued).toBe(2);
    sts.hold(false);
  });

  it('keeps serving valid credentials when an early renewal fails, and retries with backoff', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock, 60_000);
    const warnings: string[] = [];
    const provider = createRefreshingProvider(sts.source, {
      now: () => clock.t,
      random: () => 0.5,
      retryDelayMs: 1_000,
      logger: { warn: (m) => warnings.push(m) },
    });
    const first = await provider();
    sts.fail(true);
    clock.t = 46_000;
    expect(await provider()).toBe(first);
    await new Promise((r) => setTimeout(r, 0));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Throttling.*retrying in 1000 ms/);
    // within the backoff: no new attempt
    expect(await provider()).toBe(first);
    expect(sts.issued).toBe(2);
    clock.t = 47_500;
    sts.fail(false);
    expect(await provider()).toBe(first);
    await new Promise((r) => setTimeout(r, 0));
    expect(sts.issued).toBe(3);
    expect((await provider()).accessKeyId).not.toBe(first.accessKeyId);
  });

  it('never serves credentials past their expiry: callers then wait for the renewal', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock, 60_000);
    const provider = createRefreshingProvider(sts.source, { now: () => clock.t });
    const first = await provider();
    clock.t = 59_000; // within the expiry skew
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration!.getTime()).toBe(119_000);
  });

  it('rejects every waiting caller with the renewal error when nothing usable is cached', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock, 60_000);
    const provider = createRefreshingProvider(sts.source, { now: () => clock.t });
    sts.fail(true);
    const results = await Promise.allSettled([provider(), provider(), provider()]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(sts.issued).toBe(1);
  });

  it('fetches credentials without expiration once', async () => {
    let calls = 0;
    const provider = createRefreshingProvider(async () => {
      calls += 1;
      return { accessKeyId: 'AKIA', secretAccessKey: 's' };
    });
    await provider();
    await provider();
    expect(calls).toBe(1);
  });
});
