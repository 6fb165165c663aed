import { describe, expect, it } from 'vitest';
import { SecretCache, selectorKey } from './cache.js';
import type { SecretValue } from './types.js';

const ARN = 'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-AbCdEf';
const value = (versionId: string): SecretValue => ({
  ARN,
  Name: 'prod/db',
  VersionId: versionId,
  SecretString: `{"v":"${versionId}"}`,
  VersionStages: ['AWSCURRENT'],
});

function makeCache(overrides: { random?: () => number; jitter?: number } = {}) {
  let now = 1_000_000;
  const cache = new SecretCache({
    maxEntries: 3,
    ttlMs: 300_000,
    maxStaleMs: 60_000,
    jitter: overrides.jitter ?? 0.1,
    now: () => now,
    random: overrides.random ?? (() => 0),
  });
  return { cache, advance: (ms: number) => (now += ms), now: () => now };
}

describe('SecretCache', () => {
  it('serves one entry for a name, its partial ARN alias and its full ARN', () => {
    const { cache } = makeCache();
    cache.set('prod/db', {}, value('v1'));
    expect(cache.get('prod/db', {})?.value.VersionId).toBe('v1');
    expect(cache.get(ARN, {})?.value.VersionId).toBe('v1');
    cache.set('arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db', {}, value('v2'));
    expect(cache.get('prod/db', {})?.value.VersionId).toBe('v2');
  });

  it('keys versions apart: AWSCURRENT, another stage, a version id', () => {
    const { cache } = makeCache();
    cache.set('prod/db', {}, value('v2'));
    cache.set('prod/db', { versionStage: 'AWSPREVIOUS' }, value('v1'));
    cache.set('prod/db', { versionId: 'v0' }, value('v0'));
    expect(cache.get('prod/db', { versionStage: 'AWSCURRENT' })?.value.VersionId).toBe('v2');
    expect(cache.get('prod/db', { versionStage: 'AWSPREVIOUS' })?.value.VersionId).toBe('v1');
    expect(cache.get('prod/db', { versionId: 'v0' })?.value.VersionId).toBe('v0');
    expect(selectorKey({ versionId: 'x', versionStage: 'AWSCURRENT' })).toBe('#x');
  });

  it('expires at the TTL, up to 10% earlier with jitter, never later', () => {
    const exact = makeCache({ random: () => 0 });
    const entry = exact.cache.set('prod/db', {}, value('v1'));
    expect(entry.expiresAt - exact.now()).toBe(300_000);
    expect(entry.staleUntil - entry.expiresAt).toBe(60_000);
    const early = makeCache({ random: () => 0.999999 });
    const jittered = early.cache.set('prod/db', {}, value('v1'));
    expect(jittered.expiresAt - early.now()).toBeCloseTo(270_000, -1);
    for (const r of [0, 0.25, 0.5, 0.75, 0.99]) {
      const c = makeCache({ random: () => r });
      const e = c.cache.set('prod/db', {}, value('v1'));
      expect(e.expiresAt - c.now()).toBeLessThanOrEqual(300_000);
      expect(e.expiresAt - c.now()).toBeGreaterThanOrEqual(270_000);
    }
  });

  it('caps expiry at a known next rotation', () => {
    const { cache, now } = makeCache();
    const entry = cache.set('prod/db', {}, value('v1'), now() + 5_000);
    expect(entry.expiresAt).toBe(now() + 5_000);
    expect(cache.isFresh(entry, now() + 4_999)).toBe(true);
    expect(cache.isFresh(entry, now() + 5_000)).toBe(false);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const { cache } = makeCache();
    for (const name of ['a', 'b', 'c']) {
      cache.set(name, {}, { ...value('v'), ARN: `${ARN}-${name}`, Name: name });
    }
    cache.get('a', {});
    cache.set('d', {}, { ...value('v'), ARN: `${ARN}-d`, Name: 'd' });
    expect(cache.get('b', {})).toBeUndefined();
    expect(cache.get('a', {})).toBeDefined();
    expect(cache.size).toBe(3);
  });

  it('deletes every version of one secret by any of its ids, or everything', () => {
    const { cache } = makeCache();
    cache.set('prod/db', {}, value('v2'));
    cache.set('prod/db', { versionStage: 'AWSPREVIOUS' }, value('v1'));
    cache.set('other', {}, { ...value('x'), ARN: `${ARN}-other`, Name: 'other' });
    cache.delete(ARN);
    expect(cache.get('prod/db', {})).toBeUndefined();
    expect(cache.get('prod/db', { versionStage: 'AWSPREVIOUS' })).toBeUndefined();
    expect(cache.get('other', {})).toBeDefined();
    cache.delete();
    expect(cache.size).toBe(0);
  });
});
