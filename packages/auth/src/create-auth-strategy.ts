import { AuthError } from './errors.js';
import { AUTH_HINTS } from './hints.js';
import { createAccessKeyStrategy } from './strategies/access-key/access-key.js';
import { createDefaultChainStrategy } from './strategies/default-chain/default-chain.js';
import { createInstanceProfileStrategy } from './strategies/instance-profile/instance-profile.js';
import { createRoleBasedStrategy } from './strategies/role-based/role-based.js';
import type { AuthOptions, AuthStrategy } from './types.js';
import type { AuthVaultInput } from './vault.js';

/**
 * The strategy for a validated vault config, chosen by its `authType`. Configuration
 * problems that need no AWS call (STS endpoint contradictions, an incomplete key pair, an
 * invalid session name) throw `AuthError` here.
 *
 * @example
 * const { config } = parsed; // from @vaultline/config
 * const strategy = createAuthStrategy(config.vault);
 * const client = new SecretsManagerClient({ region: config.vault.region, credentials: strategy.credentials });
 */
export function createAuthStrategy(vault: AuthVaultInput, options: AuthOptions = {}): AuthStrategy {
  switch (vault.authType) {
    case 'access-key':
      return createAccessKeyStrategy(vault, options);
    case 'instance-profile':
      return createInstanceProfileStrategy(vault, options);
    case 'role-based':
      return createRoleBasedStrategy(vault, options);
    case 'default-chain':
      return createDefaultChainStrategy(vault, options);
    default: {
      const authType = (vault as { authType?: unknown }).authType;
      throw new AuthError(
        'INVALID_CONFIG',
        `authType must be role-based, instance-profile, access-key or default-chain; got ${JSON.stringify(authType)}.`,
        { cause: new Error('unknown authType'), hint: AUTH_HINTS.config },
      );
    }
  }
}
