import { describe, expect, it } from 'vitest';
import { formatTable, judge } from './figures.js';

describe('judge', () => {
  it.each([
    ['max', 0, 0, true],
    ['max', 1, 0, false],
    ['min', 5, 3, true],
    ['min', 2, 3, false],
    ['equal', 403, 403, true],
    ['equal', 500, 403, false],
  ] as const)('%s bound: value %d against %d -> %s', (kind, value, bound, pass) => {
    expect(judge({ check: 'c', name: 'n', value, kind, bound }).pass).toBe(pass);
  });

  it('always passes a report figure, whatever its value', () => {
    expect(judge({ check: 'c', name: 'n', value: 250, kind: 'report', bound: 0 }).pass).toBe(true);
    expect(judge({ check: 'c', name: 'n', value: undefined, kind: 'report', bound: 0 }).pass).toBe(
      true,
    );
  });

  it('never passes an unmeasured or non-finite figure', () => {
    expect(judge({ check: 'c', name: 'n', value: undefined, kind: 'max', bound: 10 }).pass).toBe(
      false,
    );
    expect(judge({ check: 'c', name: 'n', value: Number.NaN, kind: 'max', bound: 10 }).pass).toBe(
      false,
    );
  });
});

describe('formatTable', () => {
  it('prints one row per figure with bound and verdict, and details of failures only', () => {
    const table = formatTable([
      judge({ check: 'soak', name: 'crashes', value: 0, kind: 'max', bound: 0, detail: 'quiet' }),
      judge({
        check: 'soak',
        name: 'RSS growth',
        value: 12.5,
        kind: 'max',
        bound: 10,
        unit: '%',
        detail: 'from 100 to 112.5 MB',
      }),
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/\| check\s+\| figure\s+\| value\s+\| bound\s+\| result \|/);
    expect(lines[2]).toMatch(/\| soak\s+\| crashes\s+\| 0\s+\| <= 0\s+\| PASS\s+\|/);
    expect(lines[3]).toMatch(/\| 12\.5 %\s+\| <= 10 %\s+\| FAIL/);
    expect(table).toContain('soak / RSS growth: from 100 to 112.5 MB');
    expect(table).not.toContain('quiet');
  });

  it('prints a report figure with no bound, as INFO, never among the failures', () => {
    const table = formatTable([
      judge({ check: 'soak', name: 'RSS growth', value: 24, kind: 'report', bound: 0, unit: '%' }),
    ]);
    expect(table.split('\n')[2]).toMatch(/\| 24 %\s+\| none\s+\| INFO\s+\|/);
    expect(table).not.toContain('outside their bound');
  });
});
