import { failure, type HttpFailure } from './error-table.js';
import type { SecretValueResult } from './source.js';

const MAX_LISTED_KEYS = 20;

/**
 * The `key` parameter: one key of a JSON secret. A string stays as is, anything else is
 * written as JSON. A secret that is not a JSON object, or lacks the key, fails with a
 * message listing the keys that exist, never a value.
 *
 * @example
 * selectKey({ SecretString: '{"password":"x"}' }, 'password'); // 'x'
 */
export function selectKey(secret: SecretValueResult, key: string): string | HttpFailure {
  const name = secret.Name ?? 'the secret';
  if (secret.SecretString === undefined) {
    return failure(
      'NOT_JSON',
      `${name} holds binary data, so it has no key '${key}': drop the key parameter`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret.SecretString);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return failure(
      'NOT_JSON',
      `${name} is not a JSON object, so it has no key '${key}': drop the key parameter to read the whole value`,
    );
  }
  if (!Object.hasOwn(parsed, key)) {
    const keys = Object.keys(parsed);
    const listed = keys.slice(0, MAX_LISTED_KEYS).join(', ');
    const more = keys.length > MAX_LISTED_KEYS ? ` and ${keys.length - MAX_LISTED_KEYS} more` : '';
    return failure(
      'KEY_NOT_FOUND',
      `${name} has no key '${key}'; its keys are: ${listed || '(none)'}${more}`,
    );
  }
  const value = (parsed as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : JSON.stringify(value);
}
