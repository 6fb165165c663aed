// The one parser of `${secret:<reference>}` and `${ssm:<parameter reference>}` placeholders
// inside a connection property; the reference inside each is read by @vaultline/secret-names'
// parseSecretReference or parseParameterReference.
import {
  type ParameterReference,
  parseParameterReference,
  parseSecretReference,
  type SecretReference,
} from '@vaultline/secret-names';

/**
 * A piece of a connection property: literal text, a `${secret:<reference>}` placeholder or a
 * `${ssm:<name or ARN>[:<version or label>]}` placeholder (a Parameter Store parameter).
 */
export type ValueSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'secret'; raw: string; reference: SecretReference }
  | { kind: 'parameter'; raw: string; reference: ParameterReference };

export type InterpolationResult =
  | { ok: true; segments: ValueSegment[] }
  | { ok: false; errors: string[] };

const OPEN = '${secret:';
const OPEN_PARAMETER = '${ssm:';

/** The next placeholder opening at or after `from`, of either kind. */
function nextOpening(value: string, from: number): { start: number; open: string } | undefined {
  const secret = value.indexOf(OPEN, from);
  const parameter = value.indexOf(OPEN_PARAMETER, from);
  if (secret === -1 && parameter === -1) return undefined;
  if (parameter === -1 || (secret !== -1 && secret < parameter)) {
    return { start: secret, open: OPEN };
  }
  return { start: parameter, open: OPEN_PARAMETER };
}

function placeholderSegment(open: string, raw: string): ValueSegment | string {
  if (open === OPEN) {
    const parsed = parseSecretReference(raw);
    return parsed.ok ? { kind: 'secret', raw, reference: parsed.value } : parsed.error.message;
  }
  const parsed = parseParameterReference(raw);
  return parsed.ok ? { kind: 'parameter', raw, reference: parsed.value } : parsed.error.message;
}

/**
 * Splits a property value on its `${secret:...}` and `${ssm:...}` placeholders and parses
 * each reference. Every opening starts a placeholder; the first `}` ends it (names and ARNs
 * cannot contain `}`). All errors are collected, never thrown.
 *
 * @example
 * parseInterpolatedValue('jdbc:postgresql://${ssm:/prod/db/host}:5432/orders');
 * // { ok: true, segments: [ {kind:'literal',text:'jdbc:postgresql://'}, {kind:'parameter',raw:'/prod/db/host',...}, {kind:'literal',text:':5432/orders'} ] }
 */
export function parseInterpolatedValue(value: string): InterpolationResult {
  const segments: ValueSegment[] = [];
  const errors: string[] = [];
  let index = 0;
  while (index < value.length) {
    const opening = nextOpening(value, index);
    if (!opening) {
      segments.push({ kind: 'literal', text: value.slice(index) });
      break;
    }
    const { start, open } = opening;
    if (start > index) segments.push({ kind: 'literal', text: value.slice(index, start) });
    const end = value.indexOf('}', start + open.length);
    const form =
      open === OPEN
        ? `${OPEN}<name>[:<json key>]}`
        : `${OPEN_PARAMETER}<parameter name>[:<version or label>]}`;
    if (end === -1) {
      errors.push(`'${open}' at character ${start + 1} has no closing '}': write ${form}`);
      break;
    }
    const segment = placeholderSegment(open, value.slice(start + open.length, end));
    if (typeof segment === 'string') {
      errors.push(`in ${open}...} at character ${start + 1}: ${segment}`);
    } else {
      segments.push(segment);
    }
    index = end + 1;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, segments };
}

/** True when the string contains at least one `${secret:` placeholder. */
export const hasSecretPlaceholder = (value: string): boolean => value.includes(OPEN);
