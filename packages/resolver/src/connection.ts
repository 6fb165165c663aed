import {
  type ConnectionConfig,
  findParameterReferences,
  findSecretReferences,
  parseInterpolatedValue,
} from '@vaultline/config';
import type { ParameterReference, SecretReference } from '@vaultline/secret-names';
import { ResolverError } from './errors.js';
import {
  normalizeParameterReference,
  normalizeReference,
  type VaultLocation,
} from './normalize-reference.js';
import type { ResolvedValue } from './types.js';

/** A connection as configured: literals, `{ secret }` / `{ parameter }` objects and placeholders. */
export type ConnectionSource = ConnectionConfig;

/** A resolved property value: a StringList read with `as: 'list'` is an array. */
export type ConnectionValue = string | number | boolean | string[];

/** A connection with every secret and parameter reference replaced by its value. */
export interface ResolvedConnection {
  name: string;
  /**
   * The properties, resolved. A `{ parameter, as: 'list' }` property is a `string[]` (the
   * StringList's items); every other reference gives text, a StringList comma-separated.
   */
  values: Record<string, ConnectionValue>;
  /**
   * What came from secrets or SecureString parameters, one entry per such reference in
   * property order: the property the reference sits in (its whole value is then
   * secret-derived) and the referenced value on its own, as a property shows it (a password
   * inside a URL); a list (a SecureString read `as: list`) also gives each item its own
   * entry. For masking and redaction. Plain String and StringList parameters are not
   * listed: they are configuration, not secrets.
   */
  secretValues: SecretDerivedValue[];
  /** True when at least one value is stale (served while AWS was failing). */
  stale: boolean;
}

/** One secret-derived value in a resolved connection, and the property holding it. */
export interface SecretDerivedValue {
  property: string;
  value: string | number | boolean;
}

/** One reference in a connection: the property it sits in and the text as written. */
export type ConnectionReference =
  | { kind: 'secret'; property: string; reference: SecretReference; raw: string }
  | {
      kind: 'parameter';
      property: string;
      reference: ParameterReference;
      raw: string;
      /** `{ parameter, as: 'list' }`: the value as an array. */
      asList: boolean;
    };

/** The value of one reference, for `assembleConnection`. */
export interface LookedUp {
  value: ResolvedValue | string[];
  stale: boolean;
  /** True for a secret's or SecureString's value: listed in `secretValues`. */
  secret: boolean;
}

/**
 * Every secret and parameter reference of a connection (config's `findSecretReferences` and
 * `findParameterReferences`), each checked against the vault's region and account rule.
 */
export function collectReferences(
  connection: ConnectionSource,
  vault: VaultLocation,
): ConnectionReference[] {
  let secrets: ReturnType<typeof findSecretReferences>;
  let parameters: ReturnType<typeof findParameterReferences>;
  try {
    secrets = findSecretReferences(connection);
    parameters = findParameterReferences(connection);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ResolverError('INVALID_REFERENCE', `invalid reference in ${message}`, {
      cause: error,
    });
  }
  return [
    ...secrets.map(({ property, raw }) => ({
      kind: 'secret' as const,
      property,
      raw,
      reference: normalizeReference(raw, vault),
    })),
    ...parameters.map(({ property, raw, as }) => ({
      kind: 'parameter' as const,
      property,
      raw,
      reference: inProperty(property, () => normalizeParameterReference(raw, vault)),
      asList: as === 'list',
    })),
  ];
}

/** Runs a check, naming the property in the error it throws. */
function inProperty<T>(property: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ResolverError)) throw error;
    throw new ResolverError(error.code, `${property}: ${error.message}`, {
      cause: error.cause,
      hint: error.hint,
      parameterId: error.parameterId,
    });
  }
}

/** Renders a resolved value for a connection property: bytes as base64. */
const asProperty = (value: ResolvedValue): string | number | boolean =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;

/** A reference occurrence's key: its kind, its text, and whether it asks for a list. */
const keyOf = (kind: ConnectionReference['kind'], raw: string, asList = false): string =>
  `${kind}\n${asList ? 'list' : 'text'}\n${raw}`;

/**
 * The `secretValues` entries of one secret-derived value. A list (a SecureString referenced
 * `as: list`) gives its comma-joined text and each non-empty item on its own: a program
 * that prints one item must find it masked too.
 */
function secretEntries(property: string, value: ConnectionValue): SecretDerivedValue[] {
  if (!Array.isArray(value)) return [{ property, value }];
  const whole = value.join(',');
  const items = value.filter((item) => item !== '' && item !== whole);
  return [{ property, value: whole }, ...items.map((item) => ({ property, value: item }))];
}

/**
 * Builds the resolved connection from loaded values. `lookup` returns the value of one
 * reference (or throws its error); it is called once per reference occurrence.
 */
export function assembleConnection(
  name: string,
  connection: ConnectionSource,
  references: ConnectionReference[],
  lookup: (reference: ConnectionReference) => LookedUp,
): ResolvedConnection {
  const byKey = new Map(
    references.map((entry) => [
      keyOf(entry.kind, entry.raw, entry.kind === 'parameter' && entry.asList),
      entry,
    ]),
  );
  const values: Record<string, ConnectionValue> = {};
  const secretValues: SecretDerivedValue[] = [];
  let stale = false;
  const resolve = (
    property: string,
    kind: ConnectionReference['kind'],
    raw: string,
    asList = false,
  ) => {
    const result = lookup(byKey.get(keyOf(kind, raw, asList))!);
    stale ||= result.stale;
    const value = Array.isArray(result.value) ? result.value : asProperty(result.value);
    if (result.secret) secretValues.push(...secretEntries(property, value));
    return value;
  };
  for (const [property, value] of Object.entries(connection)) {
    if (typeof value === 'object' && value !== null) {
      values[property] =
        'secret' in value
          ? resolve(property, 'secret', value.secret)
          : resolve(property, 'parameter', value.parameter, value.as === 'list');
    } else if (typeof value === 'string') {
      const parsed = parseInterpolatedValue(value);
      values[property] = parsed.ok
        ? parsed.segments
            .map((segment) => {
              if (segment.kind === 'literal') return segment.text;
              const resolved = resolve(property, segment.kind, segment.raw);
              // A placeholder gives text: a list as AWS stores it, comma-separated.
              return Array.isArray(resolved) ? resolved.join(',') : String(resolved);
            })
            .join('')
        : value;
    } else {
      values[property] = value;
    }
  }
  return { name, values, secretValues, stale };
}
