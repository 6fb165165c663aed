import { ResolverError } from './errors.js';
import type { ResolvedValue, SecretValue } from './types.js';

/** A secret as far as a JSON key is concerned: its text, when it is not binary. */
export interface JsonKeySource {
  SecretString?: string | undefined;
}

/** How a key's value comes back, for the callers' different formats. */
export interface JsonKeyOptions {
  /**
   * `'typed'` (the default): strings, numbers and booleans as they are; null, objects and
   * arrays as their JSON text. `'text'`: strings as they are, everything else as its JSON
   * text (`5432` becomes `'5432'`), for a wire format that carries only text.
   */
  values?: 'typed' | 'text';
}

/** What reading one key found: the value, or why there is none (never a secret value). */
export type JsonKeyLookup<Value = string | number | boolean> =
  | { ok: true; value: Value }
  | { ok: false; problem: 'BINARY' }
  /** `received` describes what the secret holds instead, e.g. 'a JSON array of 3 items'. */
  | { ok: false; problem: 'NOT_OBJECT'; received: string }
  /** Every key the secret has, in order. */
  | { ok: false; problem: 'NO_SUCH_KEY'; keys: string[] };

const parsedJson = new WeakMap<JsonKeySource, unknown>();
const NOT_PARSED = Symbol('not JSON');

/** Parses SecretString once per secret object (the resolver's cached versions). */
function parsed(value: JsonKeySource): unknown {
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
 * Looks up one top-level key of a JSON secret without throwing: the one reader of JSON keys,
 * whose callers word the failures for their users (the resolver's errors, the sidecar's
 * compatible answers).
 *
 * @example
 * lookupJsonKey({ SecretString: '{"port":5432}' }, 'port'); // { ok: true, value: 5432 }
 * lookupJsonKey({ SecretString: '{"port":5432}' }, 'port', { values: 'text' }); // { ok: true, value: '5432' }
 */
export function lookupJsonKey(
  value: JsonKeySource,
  key: string,
  options: JsonKeyOptions & { values: 'text' },
): JsonKeyLookup<string>;
export function lookupJsonKey(
  value: JsonKeySource,
  key: string,
  options?: JsonKeyOptions,
): JsonKeyLookup;
export function lookupJsonKey(
  value: JsonKeySource,
  key: string,
  options: JsonKeyOptions = {},
): JsonKeyLookup {
  if (value.SecretString === undefined) return { ok: false, problem: 'BINARY' };
  const json = parsed(value);
  if (json === NOT_PARSED || json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, problem: 'NOT_OBJECT', received: describe(json) };
  }
  const record = json as Record<string, unknown>;
  if (!Object.hasOwn(record, key)) {
    return { ok: false, problem: 'NO_SUCH_KEY', keys: Object.keys(record) };
  }
  const item = record[key];
  if (typeof item === 'string') return { ok: true, value: item };
  if (options.values !== 'text' && (typeof item === 'number' || typeof item === 'boolean'))
    return { ok: true, value: item };
  return { ok: true, value: JSON.stringify(item) };
}

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
  const found = lookupJsonKey(value, key);
  if (found.ok) return found.value;
  if (found.problem === 'BINARY') {
    throw new ResolverError(
      'NOT_JSON',
      `secret '${secretId}' holds binary data, so key '${key}' cannot be read: a JSON key needs a secret stored as a JSON object string; reference the secret without ':${key}' to get its bytes`,
      { secretId },
    );
  }
  if (found.problem === 'NOT_OBJECT') {
    throw new ResolverError(
      'NOT_JSON',
      `secret '${secretId}' is ${found.received}, not a JSON object, so key '${key}' cannot be read: store the secret as a JSON object (for example {"${key}": "..."}) or reference it without ':${key}'`,
      { secretId },
    );
  }
  const listed =
    found.keys.length === 0
      ? 'it has no keys'
      : `keys present: ${found.keys.map((k) => `'${k}'`).join(', ')}`;
  throw new ResolverError(
    'KEY_NOT_FOUND',
    `secret '${secretId}' has no JSON key '${key}' (${listed}): fix the key in the reference or add it to the secret`,
    { secretId },
  );
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
