// The one parser of `${secret:<reference>}` placeholders inside a connection property;
// the reference inside each is read by @vaultline/secret-names' parseSecretReference.
import { parseSecretReference, type SecretReference } from '@vaultline/secret-names';

/** A piece of a connection property: literal text, or a `${secret:<reference>}` placeholder. */
export type ValueSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'secret'; raw: string; reference: SecretReference };

export type InterpolationResult =
  | { ok: true; segments: ValueSegment[] }
  | { ok: false; errors: string[] };

const OPEN = '${secret:';

/**
 * Splits a property value on its `${secret:<reference>}` placeholders and parses each
 * reference. Every `${secret:` starts a placeholder; the first `}` ends it (names and ARNs
 * cannot contain `}`). All errors are collected, never thrown.
 *
 * @example
 * parseInterpolatedValue('jdbc:postgresql://${secret:prod/db:host}:5432/orders');
 * // { ok: true, segments: [ {kind:'literal',text:'jdbc:postgresql://'}, {kind:'secret',raw:'prod/db:host',...}, {kind:'literal',text:':5432/orders'} ] }
 */
export function parseInterpolatedValue(value: string): InterpolationResult {
  const segments: ValueSegment[] = [];
  const errors: string[] = [];
  let index = 0;
  while (index < value.length) {
    const start = value.indexOf(OPEN, index);
    if (start === -1) {
      segments.push({ kind: 'literal', text: value.slice(index) });
      break;
    }
    if (start > index) segments.push({ kind: 'literal', text: value.slice(index, start) });
    const end = value.indexOf('}', start + OPEN.length);
    if (end === -1) {
      errors.push(
        `'\${secret:' at character ${start + 1} has no closing '}': write \${secret:<name>[:<json key>]}`,
      );
      break;
    }
    const raw = value.slice(start + OPEN.length, end);
    const parsed = parseSecretReference(raw);
    if (parsed.ok) {
      segments.push({ kind: 'secret', raw, reference: parsed.value });
    } else {
      errors.push(`in \${secret:...} at character ${start + 1}: ${parsed.error.message}`);
    }
    index = end + 1;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, segments };
}

/** True when the string contains at least one `${secret:` placeholder. */
export const hasSecretPlaceholder = (value: string): boolean => value.includes(OPEN);
