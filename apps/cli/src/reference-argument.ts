import { parseSecretReference, type SecretReference } from '@vaultline/secret-names';

/**
 * Parses a secret reference given on the command line, or throws its SecretNameError
 * (exit 2) with a hint showing the accepted shape.
 *
 * @example
 * parseReferenceArgument('prod/orders/db:password'); // { secretId: 'prod/orders/db', jsonKey: 'password' }
 */
export function parseReferenceArgument(ref: string): SecretReference {
  const parsed = parseSecretReference(ref);
  if (parsed.ok) return parsed.value;
  throw Object.assign(parsed.error, {
    hint: "a reference is <name or ARN>[:<json key>], e.g. prod/orders/db:password; 'vaultline names check <name>' explains a name",
  });
}
