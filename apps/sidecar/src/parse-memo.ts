import { isFailure } from './query.js';

/** Inputs longer than this are parsed every time (they are rare and would bloat the memo). */
const MAX_KEY_LENGTH = 512;

/**
 * Wraps a request parser so that the texts seen recently are parsed once: callers of a
 * sidecar ask for the same few URLs all day, and decoding a query (URLSearchParams, percent
 * decoding) was a visible part of a cache hit's cost. Results are frozen and shared, so the
 * parser's output must not be changed by its users. Failures are not kept: they are cheap,
 * and garbage URLs must not push out good ones. Bounded: at `max` entries the memo starts over.
 *
 * @example
 * const parse = memoizeParse(parseQueryStyle);
 * parse('secretId=prod%2Fdb') === parse('secretId=prod%2Fdb'); // true
 */
export function memoizeParse<T extends object>(
  parse: (text: string) => T,
  max = 256,
): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined) return known;
    const parsed = parse(text);
    if (isFailure(parsed) || text.length > MAX_KEY_LENGTH) return parsed;
    if (memo.size >= max) memo.clear();
    memo.set(text, Object.freeze(parsed));
    return parsed;
  };
}
