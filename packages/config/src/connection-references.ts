// The references of a connection: secrets in both of their forms (`{ secret: ... }` and
// `${secret:...}` placeholders) and Parameter Store parameters in both of theirs
// (`{ parameter: ... }` and `${ssm:...}`); parsing is left to the syntaxes' own modules.
import type { ParameterReference, SecretReference } from '@vaultline/secret-names';
import { parseParameterReference, parseSecretReference } from '@vaultline/secret-names';
import { ConfigError } from './errors.js';
import type { ConnectionConfig } from './schema.js';
import { parseInterpolatedValue } from './secret-placeholders.js';

/** A secret reference found in a connection, and where. */
export interface FoundSecretReference {
  /** The connection property that holds it. */
  property: string;
  reference: SecretReference;
  /** The reference as written, without `${secret:` and `}`. */
  raw: string;
  /** `object` for `{ secret: ... }`, `placeholder` for `${secret:...}` inside a string. */
  form: 'object' | 'placeholder';
}

/**
 * Every secret reference of a connection, in property order (placeholders in string order).
 * Throws a ConfigError (INVALID_REFERENCE) on a reference that does not parse, which a
 * connection that came out of `parseConfig` never has.
 *
 * @example
 * findSecretReferences({ host: 'db', user: { secret: 'prod/db:username' } });
 * // [{ property: 'user', raw: 'prod/db:username', form: 'object', reference: { secretId: 'prod/db', jsonKey: 'username' } }]
 */
export function findSecretReferences(connection: ConnectionConfig): FoundSecretReference[] {
  const found: FoundSecretReference[] = [];
  for (const [property, value] of Object.entries(connection)) {
    if (typeof value === 'object' && value !== null) {
      if (!('secret' in value)) continue;
      const parsed = parseSecretReference(value.secret);
      if (!parsed.ok) {
        throw new ConfigError('INVALID_REFERENCE', `${property}: ${parsed.error.message}`, {
          cause: parsed.error,
        });
      }
      found.push({ property, reference: parsed.value, raw: value.secret, form: 'object' });
    } else if (typeof value === 'string') {
      for (const segment of placeholdersOf(property, value)) {
        if (segment.kind === 'secret') {
          found.push({
            property,
            reference: segment.reference,
            raw: segment.raw,
            form: 'placeholder',
          });
        }
      }
    }
  }
  return found;
}

function placeholdersOf(property: string, value: string) {
  const parsed = parseInterpolatedValue(value);
  if (!parsed.ok) {
    throw new ConfigError('INVALID_REFERENCE', `${property}: ${parsed.errors.join('; ')}`);
  }
  return parsed.segments;
}

/** A Parameter Store reference found in a connection, and where. */
export interface FoundParameterReference {
  /** The connection property that holds it. */
  property: string;
  reference: ParameterReference;
  /** The reference as written, without `${ssm:` and `}`. */
  raw: string;
  /** `object` for `{ parameter: ... }`, `placeholder` for `${ssm:...}` inside a string. */
  form: 'object' | 'placeholder';
  /** `'list'` when the object form asks for a StringList as an array (`as: 'list'`). */
  as?: 'list';
}

/**
 * Every Parameter Store reference of a connection, in property order (placeholders in string
 * order). Throws a ConfigError (INVALID_REFERENCE) on a reference that does not parse, which a
 * connection that came out of `parseConfig` never has.
 *
 * @example
 * findParameterReferences({ host: { parameter: '/prod/orders/db/host' }, port: 5432 });
 * // [{ property: 'host', raw: '/prod/orders/db/host', form: 'object', reference: { parameterId: '/prod/orders/db/host', name: '/prod/orders/db/host' } }]
 */
export function findParameterReferences(connection: ConnectionConfig): FoundParameterReference[] {
  const found: FoundParameterReference[] = [];
  for (const [property, value] of Object.entries(connection)) {
    if (typeof value === 'object' && value !== null) {
      if (!('parameter' in value)) continue;
      const parsed = parseParameterReference(value.parameter);
      if (!parsed.ok) {
        throw new ConfigError('INVALID_REFERENCE', `${property}: ${parsed.error.message}`, {
          cause: parsed.error,
        });
      }
      const raw = value.parameter;
      found.push({
        property,
        reference: parsed.value,
        raw,
        form: 'object',
        ...(value.as === 'list' ? { as: 'list' as const } : {}),
      });
    } else if (typeof value === 'string') {
      for (const segment of placeholdersOf(property, value)) {
        if (segment.kind === 'parameter') {
          const { raw, reference } = segment;
          found.push({ property, reference, raw, form: 'placeholder' });
        }
      }
    }
  }
  return found;
}
