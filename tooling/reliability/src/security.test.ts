import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sumMetric } from './chaos-soak.js';
import { repoRoot } from './paths.js';
import { checkConstantTimeSource } from './security.js';

describe('checkConstantTimeSource', () => {
  it('accepts the sidecar token store as it is', () => {
    const source = readFileSync(
      join(repoRoot(), 'apps', 'sidecar', 'src', 'auth', 'tokens.ts'),
      'utf8',
    );
    expect(checkConstantTimeSource(source)).toEqual([]);
  });

  it('refuses a plain comparison and a raw-token timingSafeEqual', () => {
    expect(checkConstantTimeSource('if (presented === expected) return grant;')).toHaveLength(4);
    const raw = [
      "import { timingSafeEqual } from 'node:crypto';",
      'timingSafeEqual(Buffer.from(presented), Buffer.from(token));',
    ].join('\n');
    expect(checkConstantTimeSource(raw)).toEqual([
      "does not hash tokens with createHash('sha256') (equal-length digests)",
      'does not pass the presented digest to timingSafeEqual',
    ]);
  });
});

describe('sumMetric', () => {
  it('sums every sample of one counter and ignores counters sharing its prefix', () => {
    const text = [
      '# HELP vaultline_sidecar_stale_served_total x',
      'vaultline_sidecar_stale_served_total{route="get"} 3',
      'vaultline_sidecar_stale_served_total{route="path"} 4',
      'vaultline_sidecar_stale_served_total_other 100',
    ].join('\n');
    expect(sumMetric(text, 'vaultline_sidecar_stale_served_total')).toBe(7);
    expect(sumMetric(text, 'absent_total')).toBeUndefined();
  });
});
