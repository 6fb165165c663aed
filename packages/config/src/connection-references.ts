// The secret references of a connection, in both of its forms (`{ secret: ... }` and
// `${secret:...}` placeholders); parsing is left to the two syntaxes' own modules.
import type { SecretReference } from '@vaultline/secret-names';
import { parseSecretReference } from '@vaultline/secret-names';
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
      const parsed = parseSecretReference(value.secret);
      if (!parsed.ok) {
        throw new ConfigError('INVALID_REFERENCE', `${property}: ${parsed.error.message}`, {
          cause: parsed.error,
        });
      }
      found.push({ property, reference: parsed.value, raw: value.secret, form: 'object' });
    } else if (typeof value === 'string') {
      const parsed = parseInterpolatedValue(value);
      if (!parsed.ok) {
        throw new ConfigError('INVALID_REFERENCE', `${property}: ${parsed.errors.join('; ')}`);
      }
      for (const segment of parsed.segments) {
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
