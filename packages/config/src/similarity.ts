/** Levenshtein distance, for "did you mean" suggestions on short strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `input` within `maxDistance` edits (case-insensitive), first in
 * candidate order on a tie; undefined when none is that close.
 */
export function closest(
  input: string,
  candidates: readonly string[],
  maxDistance: number,
): string | undefined {
  // Comparing long inputs costs time and never yields a useful suggestion.
  if (input.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  const lowered = input.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
