import { describe, expect, it } from 'vitest';
import { theilSenSlope } from './trend.js';

describe('theilSenSlope', () => {
  it('is the slope of points on a line', () => {
    const points = [0, 1, 2, 3, 4].map((x) => ({ x, y: 3 * x + 7 }));
    expect(theilSenSlope(points)).toBeCloseTo(3, 10);
  });

  it('barely moves for one outlier at the end, where least squares would tilt', () => {
    const points = [0, 1, 2, 3, 4].map((x) => ({ x, y: 2 * x + 1 }));
    points[4] = { x: 4, y: 40 };
    expect(theilSenSlope(points)).toBe(2);
  });

  it('is zero for a flat series with noise around it', () => {
    const points = [0, 1, 2, 3, 4, 5, 6].map((x) => ({ x, y: 10 + (x % 2 === 0 ? 0.3 : -0.3) }));
    expect(theilSenSlope(points)).toBe(0);
  });

  it('is undefined with fewer than three points or no spread in x', () => {
    expect(
      theilSenSlope([
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ]),
    ).toBeUndefined();
    expect(theilSenSlope([0, 0, 0].map((y) => ({ x: 5, y })))).toBeUndefined();
  });
});
