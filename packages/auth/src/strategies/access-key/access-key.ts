import type { AwsCredentialIdentity } from '@smithy/types';
import { createDescribeIdentity } from '../../describe-identity.js';
import { AuthError } from '../../errors.js';
import { AUTH_HINTS } from '../../hints.js';
import { resolveStsEndpoint } from '../../sts-endpoint.js';
import type { AuthOptions, AuthStrategy } from '../../types.js';
import type { AccessKeyVaultInput } from '../../vault.js';

/**
 * The access-key strategy: a static key pair (and optional session token) from the vault
 * config. Nothing is renewed; an expired session token surfaces as `AuthError` EXPIRED on
 * the first call that uses it.
 *
 * @example
 * const strategy = createAccessKeyStrategy({
 *   authType: 'access-key',
 *   region: 'us-east-2',
 *   accessKeyId: process.env.VAULT_KEY_ID!,
 *   secretAccessKey: process.env.VAULT_SECRET_KEY!,
 * });
 * const client = new SecretsManagerClient({ region: 'us-east-2', credentials: strategy.credentials });
 */
export function createAccessKeyStrategy(
  vault: AccessKeyVaultInput,
  options: AuthOptions = {},
): AuthStrategy {
  if (!vault.accessKeyId || !vault.secretAccessKey) {
    throw new AuthError(
      'INVALID_CONFIG',
      `access-key authentication needs both accessKeyId and secretAccessKey; got ${vault.accessKeyId ? 'accessKeyId only' : vault.secretAccessKey ? 'secretAccessKey only' : 'neither'}.`,
      { cause: new Error('incomplete key pair'), hint: AUTH_HINTS.config },
    );
  }
  const identity: AwsCredentialIdentity = {
    accessKeyId: vault.accessKeyId,
    secretAccessKey: vault.secretAccessKey,
    ...(vault.sessionToken ? { sessionToken: vault.sessionToken } : {}),
  };
  const credentials = async () => identity;
  const secrets = [vault.secretAccessKey, vault.sessionToken];
  const endpoint = resolveStsEndpoint({ region: vault.region });
  return {
    name: 'access-key',
    credentials,
    describeIdentity: createDescribeIdentity(credentials, () => endpoint, options, secrets),
  };
}
