// Every secret value this process has seen; error output is scrubbed of them, so not even
// a stack trace under --verbose can carry one.
const values = new Set<string>();

/**
 * Remembers a secret value so `scrub` removes it from anything printed to stderr.
 *
 * @example
 * protect(value); scrub(`failed near ${value}`); // 'failed near [REDACTED]'
 */
export function protect(value: unknown): void {
  if (typeof value === 'string' && value.length >= 4) values.add(value);
}

/**
 * The text with every protected value replaced by `[REDACTED]`, longest first.
 *
 * @example
 * scrub('no secrets here'); // 'no secrets here'
 */
export function scrub(text: string): string {
  if (values.size === 0) return text;
  let result = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    result = result.split(value).join('[REDACTED]');
  }
  return result;
}
