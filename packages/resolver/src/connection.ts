import {
  type ConnectionConfig,
  findParameterReferences,
  findSecretReferences,
  parseInterpolatedValue,
} from '@vaultline/config';
import type { SecretReference } from '@vaultline/secret-names';
import { ResolverError } from './errors.js';
import { normalizeReference, type VaultLocation } from './normalize-reference.js';
import type { ResolvedValue } from './types.js';

/** A connection as configured: literals, `{ secret }` objects and `${secret:...}` strings. */
export type ConnectionSource = ConnectionConfig;

/** A connection with every secret reference replaced by its value. */
export interface ResolvedConnection {
  name: string;
  values: Record<string, string | number | boolean>;
  /**
   * What came from secrets, one entry per secret reference in property order: the property
   * the reference sits in (its whole value is then secret-derived) and the referenced value
   * on its own, as a property shows it (a password inside a URL). For masking and redaction.
   */
  secretValues: SecretDerivedValue[];
  /** True when at least one value is stale (served while AWS was failing). */
  stale: boolean;
}

/** One secret reference's value in a resolved connection, and the property holding it. */
export interface SecretDerivedValue {
  property: string;
  value: string | number | boolean;
}

/** One secret reference in a connection: the property it sits in and the text as written. */
export interface ConnectionReference {
  property: string;
  reference: SecretReference;
  raw: string;
}

/**
 * Every secret reference of a connection (config's `findSecretReferences`), each checked
 * against the vault's region and account rule, in property order.
 */
export function collectReferences(
  connection: ConnectionSource,
  vault: VaultLocation,
): ConnectionReference[] {
  let found: ReturnType<typeof findSecretReferences>;
  let parameters: ReturnType<typeof findParameterReferences>;
  try {
    found = findSecretReferences(connection);
    parameters = findParameterReferences(connection);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ResolverError('INVALID_REFERENCE', `invalid secret reference in ${message}`, {
      cause: error,
    });
  }
  const [parameter] = parameters;
  if (parameter) {
    // The config accepts Parameter Store references (issue 20); reading them is the next
    // step of the resolver. Until then say so plainly, before any AWS call.
    throw new ResolverError(
      'INVALID_REFERENCE',
      `${parameter.property}: the Parameter Store reference '${parameter.raw}' is valid, but this version of vaultline resolves Secrets Manager references only; use { secret: ... } or \${secret:...} for now`,
    );
  }
  return found.map(({ property, raw }) => ({
    property,
    raw,
    reference: normalizeReference(raw, vault),
  }));
}

/** Renders a resolved value for a connection property: bytes as base64. */
const asProperty = (value: ResolvedValue): string | number | boolean =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;

/**
 * Builds the resolved connection from loaded values. `lookup` returns the value of one
 * reference (or throws its error); it is called once per reference occurrence.
 */
export function assembleConnection(
  name: string,
  connection: ConnectionSource,
  references: ConnectionReference[],
  lookup: (reference: SecretReference) => { value: ResolvedValue; stale: boolean },
): ResolvedConnection {
  const byRaw = new Map(references.map((entry) => [entry.raw, entry.reference]));
  const values: Record<string, string | number | boolean> = {};
  const secretValues: SecretDerivedValue[] = [];
  let stale = false;
  const resolve = (property: string, raw: string): string | number | boolean => {
    const result = lookup(byRaw.get(raw)!);
    stale ||= result.stale;
    const value = asProperty(result.value);
    secretValues.push({ property, value });
    return value;
  };
  for (const [property, value] of Object.entries(connection)) {
    if (typeof value === 'object' && value !== null) {
      // collectReferences refused parameter references before any lookup.
      if ('secret' in value) values[property] = resolve(property, value.secret);
    } else if (typeof value === 'string') {
      const parsed = parseInterpolatedValue(value);
      values[property] = parsed.ok
        ? parsed.segments
            .map((segment) =>
              segment.kind === 'literal'
                ? segment.text
                : // Parameter segments never get here: collectReferences refused them.
                  String(resolve(property, segment.raw)),
            )
            .join('')
        : value;
    } else {
      values[property] = value;
    }
  }
  return { name, values, secretValues, stale };
}
