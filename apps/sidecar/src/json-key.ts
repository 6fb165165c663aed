import { lookupJsonKey } from '@vaultline/resolver';
import { failure, type HttpFailure } from './error-table.js';
import type { SecretValueResult } from './source.js';

const MAX_LISTED_KEYS = 20;

/**
 * The `key` parameter: one key of a JSON secret, read by the resolver's `lookupJsonKey`
 * and worded here for the sidecar's answers. A string stays as is, anything else is
 * written as JSON. A secret that is not a JSON object, or lacks the key, fails with a
 * message listing (at most 20 of) the keys that exist, never a value.
 *
 * @example
 * selectKey({ SecretString: '{"password":"x"}' }, 'password'); // 'x'
 */
export function selectKey(secret: SecretValueResult, key: string): string | HttpFailure {
  const found = lookupJsonKey(secret, key, { values: 'text' });
  if (found.ok) return found.value;
  const name = secret.Name ?? 'the secret';
  if (found.problem === 'BINARY') {
    return failure(
      'NOT_JSON',
      `${name} holds binary data, so it has no key '${key}': drop the key parameter`,
    );
  }
  if (found.problem === 'NOT_OBJECT') {
    return failure(
      'NOT_JSON',
      `${name} is not a JSON object, so it has no key '${key}': drop the key parameter to read the whole value`,
    );
  }
  const { keys } = found;
  const listed = keys.slice(0, MAX_LISTED_KEYS).join(', ');
  const more = keys.length > MAX_LISTED_KEYS ? ` and ${keys.length - MAX_LISTED_KEYS} more` : '';
  return failure(
    'KEY_NOT_FOUND',
    `${name} has no key '${key}'; its keys are: ${listed || '(none)'}${more}`,
  );
}
