const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 2000;

/**
 * Compiles an IAM glob (`*` any run of characters, `?` exactly one) into an anchored RegExp.
 *
 * @example
 * globToRegExp('secretsmanager:Get*', true).test('SecretsManager:GetSecretValue'); // true
 */
export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const compiled = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cacheKey, compiled);
  return compiled;
}

/**
 * True when `value` matches the IAM glob `pattern`.
 *
 * @example
 * globMatch('prod/*', 'prod/db', false); // true
 */
export function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return globToRegExp(pattern, ignoreCase).test(value);
}

const ARN_FIELDS = 6;

/** Splits an ARN into its six colon-delimited fields; the last keeps any further colons. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < ARN_FIELDS) return undefined;
  return [...parts.slice(0, ARN_FIELDS - 1), parts.slice(ARN_FIELDS - 1).join(':')];
}

/**
 * ARN matching as `Resource` and `ArnLike` do it: each of the six colon-delimited fields is
 * matched on its own, so a wildcard never spans fields; a pattern that starts with `arn:` but
 * has fewer than six fields matches nothing. Other patterns (such as `*`) are matched
 * against the whole string.
 *
 * @example
 * arnMatch('arn:aws:secretsmanager:*:111122223333:secret:prod/*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-a1B2c3'); // true
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const patternFields = splitArn(pattern);
  if (!patternFields) return pattern.startsWith('arn:') ? false : globMatch(pattern, arn, false);
  const arnFields = splitArn(arn);
  if (!arnFields) return false;
  return patternFields.every((field, index) => globMatch(field, arnFields[index]!, false));
}
