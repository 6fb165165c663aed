/** One measurement: `x` and `y` in any units. */
export interface Point {
  x: number;
  y: number;
}

/**
 * The Theil-Sen slope of `y` over `x` (units of y per unit of x): the median of the slopes
 * between every pair of points with different x, or undefined with fewer than 3 points.
 * Robust where a least-squares line is not: a few outliers (a sample taken while the heap
 * briefly held a burst of requests) barely move it, wherever they fall in the window.
 *
 * @example
 * theilSenSlope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }, { x: 3, y: 7 }, { x: 4, y: 40 }]); // 2
 */
export function theilSenSlope(points: readonly Point[]): number | undefined {
  if (points.length < 3) return undefined;
  const slopes: number[] = [];
  points.forEach((a, i) => {
    for (const b of points.slice(i + 1)) {
      if (a.x !== b.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  });
  if (slopes.length === 0) return undefined;
  slopes.sort((a, b) => a - b);
  const upper = Math.floor(slopes.length / 2);
  const lower = slopes.length % 2 === 0 ? upper - 1 : upper;
  return ((slopes[lower] as number) + (slopes[upper] as number)) / 2;
}
