import { describe, expect, it } from 'vitest';
import { sumMetric } from './chaos-soak.js';

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
