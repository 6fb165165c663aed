import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { createRefreshingProvider } from '../../refresh.js';
import type { AuthOptions } from '../../types.js';
import type { RoleBasedVaultInput } from '../../vault.js';
import { withErrorContext } from '../../with-error-context.js';
import { createImdsSource } from '../instance-profile/imds-source.js';

/**
 * The credentials a role-based vault assumes its role with: the instance profile (the
 * default, as in the product document) or the SDK's default chain.
 *
 * @example
 * const source = createSourceCredentials({ sourceCredentials: 'default-chain' }, {});
 */
export function createSourceCredentials(
  vault: Pick<RoleBasedVaultInput, 'sourceCredentials' | 'instanceMetadata'>,
  options: AuthOptions,
): () => Promise<AwsCredentialIdentity> {
  if (vault.sourceCredentials === 'default-chain') {
    // The SDK chain memoizes and renews its own temporary credentials.
    const chain = fromNodeProviderChain({
      ...(vault.instanceMetadata?.timeoutMs ? { timeout: vault.instanceMetadata.timeoutMs } : {}),
      ...(vault.instanceMetadata?.maxRetries !== undefined
        ? { maxRetries: vault.instanceMetadata.maxRetries }
        : {}),
      ...(options.requestHandler
        ? { clientConfig: { requestHandler: options.requestHandler } }
        : {}),
    });
    return withErrorContext(() => chain(), { operation: 'DefaultChain' });
  }
  return createRefreshingProvider(createImdsSource(vault.instanceMetadata), {
    label: 'instance profile credentials (source of AssumeRole)',
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
  });
}
