import { describe, expect, it } from 'vitest';
import { canaryNeedles, createCanaryScenario, newCanary, scanForLeaks } from './canaries.js';

describe('createCanaryScenario', () => {
  it('gives every secret its own canary, different on every call', () => {
    const first = createCanaryScenario({ hot: 3, cold: 4 });
    const second = createCanaryScenario({ hot: 3, cold: 4 });
    const values = [...first.canaries.values()].flat();
    expect(new Set(values).size).toBe(values.length);
    expect(first.hot).toHaveLength(3);
    expect(first.cold).toHaveLength(4);
    for (const secret of first.scenario.secrets ?? []) {
      const own = first.canaries.get(secret.name) ?? [];
      expect(own.length).toBeGreaterThan(0);
      for (const canary of own) expect(secret.value).toContain(canary);
    }
    const again = new Set([...second.canaries.values()].flat());
    expect(values.some((value) => again.has(value))).toBe(false);
  });
});

describe('scanForLeaks', () => {
  const secret = newCanary('t');
  const needles = [{ label: 'canary of prod/x', value: secret }];

  it('finds a needle and reports its label, never its value', () => {
    const findings = scanForLeaks([{ source: 'log', text: `error: ${secret} bad` }], needles);
    expect(findings).toEqual([{ source: 'log', needle: 'canary of prod/x' }]);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it('accepts a needle where it is allowed, and nowhere else', () => {
    const findings = scanForLeaks(
      [
        { source: 'get stdout', text: secret, allowed: [secret] },
        { source: 'get stderr', text: secret },
      ],
      needles,
    );
    expect(findings).toEqual([{ source: 'get stderr', needle: 'canary of prod/x' }]);
  });

  it('labels the canaries of a JSON secret one by one', () => {
    const { canaries } = createCanaryScenario({ hot: 0, cold: 0 });
    expect(canaryNeedles(canaries).map((needle) => needle.label)).toContain(
      'canary 2 of prod/app1/db',
    );
  });
});
