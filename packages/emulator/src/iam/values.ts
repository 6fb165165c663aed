import type { StringOrList } from './types.js';

/**
 * Normalises an IAM `string | string[]` field to a list (absent → empty). Numbers and booleans
 * become strings; anything else (objects from a malformed document) is dropped, never thrown on.
 */
export function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const list: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') list.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') list.push(String(item));
  }
  return list;
}

/** Condition context with lower-cased keys (IAM condition keys are case-insensitive). */
export type ConditionContext = ReadonlyMap<string, string[]>;

/** Builds a {@link ConditionContext} from a plain record; later entries win. */
export function toContext(
  ...records: (Record<string, StringOrList> | undefined)[]
): ConditionContext {
  const context = new Map<string, string[]>();
  for (const record of records) {
    if (!record) continue;
    for (const [key, value] of Object.entries(record))
      context.set(key.toLowerCase(), toList(value));
  }
  return context;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/**
 * Substitutes policy variables such as `${aws:username}` (the `${*}` escapes are not supported).
 * Returns undefined when a variable has no single value in the context: AWS then treats the
 * element as not matching.
 */
export function substituteVariables(text: string, context: ConditionContext): string | undefined {
  if (!text.includes('${')) return text;
  let missing = false;
  const result = text.replace(VARIABLE, (_whole, name: string) => {
    const values = context.get(name.trim().toLowerCase());
    if (values?.length !== 1) {
      missing = true;
      return '';
    }
    return values[0]!;
  });
  return missing ? undefined : result;
}
