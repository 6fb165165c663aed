import { ResolverError } from './errors.js';
import type { ResolvedValue, SecretValue } from './types.js';

const parsedJson = new WeakMap<SecretValue, unknown>();
const NOT_PARSED = Symbol('not JSON');

/** Parses SecretString once per cached version. */
function parsed(value: SecretValue): unknown {
  if (parsedJson.has(value)) return parsedJson.get(value);
  let result: unknown = NOT_PARSED;
  if (value.SecretString !== undefined) {
    try {
      result = JSON.parse(value.SecretString);
    } catch {
      result = NOT_PARSED;
    }
  }
  parsedJson.set(value, result);
  return result;
}

const describe = (value: unknown): string => {
  if (value === NOT_PARSED) return 'text that is not JSON';
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return `a JSON array of ${value.length} items`;
  return `a JSON ${typeof value}`;
};

/**
 * Reads one top-level key of a JSON secret. Fails with NOT_JSON when the secret is binary or
 * not a JSON object, KEY_NOT_FOUND when the key is absent; both messages list the keys that
 * exist and never a value. Strings, numbers and booleans come back as they are; null,
 * objects and arrays as their JSON text.
 *
 * @example
 * readJsonKey(secret, 'password', 'prod/db'); // 'hunter2', or throws KEY_NOT_FOUND listing the keys
 */
export function readJsonKey(value: SecretValue, key: string, secretId: string): ResolvedValue {
  if (value.SecretString === undefined) {
    throw new ResolverError(
      'NOT_JSON',
      `secret '${secretId}' holds binary data, so key '${key}' cannot be read: a JSON key needs a secret stored as a JSON object string; reference the secret without ':${key}' to get its bytes`,
      { secretId },
    );
  }
  const json = parsed(value);
  if (json === NOT_PARSED || json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ResolverError(
      'NOT_JSON',
      `secret '${secretId}' is ${describe(json)}, not a JSON object, so key '${key}' cannot be read: store the secret as a JSON object (for example {"${key}": "..."}) or reference it without ':${key}'`,
      { secretId },
    );
  }
  const record = json as Record<string, unknown>;
  if (!Object.hasOwn(record, key)) {
    const keys = Object.keys(record);
    const listed =
      keys.length === 0
        ? 'it has no keys'
        : `keys present: ${keys.map((k) => `'${k}'`).join(', ')}`;
    throw new ResolverError(
      'KEY_NOT_FOUND',
      `secret '${secretId}' has no JSON key '${key}' (${listed}): fix the key in the reference or add it to the secret`,
      { secretId },
    );
  }
  const item = record[key];
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
    return item;
  return JSON.stringify(item);
}

/**
 * The whole value of a secret: SecretString, else SecretBinary.
 *
 * @example
 * readWholeValue(secret); // '{"username":"app","password":"..."}'
 */
export function readWholeValue(value: SecretValue): string | Uint8Array {
  return value.SecretString ?? value.SecretBinary ?? '';
}
