import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createDescribeIdentity } from '../../describe-identity.js';
import { resolveStsEndpoint } from '../../sts-endpoint.js';
import type { AuthOptions, AuthStrategy } from '../../types.js';
import type { DefaultChainVaultInput } from '../../vault.js';
import { withErrorContext } from '../../with-error-context.js';

/**
 * The default-chain strategy: the AWS SDK's Node.js chain (environment, shared config and
 * SSO, web identity, container, instance metadata), for development and containers. The
 * SDK memoizes the chain's result and renews temporary credentials itself.
 *
 * @example
 * const strategy = createDefaultChainStrategy({ authType: 'default-chain', region: 'us-east-2' });
 * console.log((await strategy.describeIdentity()).arn);
 */
export function createDefaultChainStrategy(
  vault: DefaultChainVaultInput,
  options: AuthOptions = {},
): AuthStrategy {
  const chain = fromNodeProviderChain({
    ...(vault.profile ? { profile: vault.profile } : {}),
    ...(vault.instanceMetadata?.timeoutMs ? { timeout: vault.instanceMetadata.timeoutMs } : {}),
    ...(vault.instanceMetadata?.maxRetries !== undefined
      ? { maxRetries: vault.instanceMetadata.maxRetries }
      : {}),
    ...(options.requestHandler ? { clientConfig: { requestHandler: options.requestHandler } } : {}),
  });
  const credentials = withErrorContext(() => chain(), { operation: 'DefaultChain' });
  const endpoint = resolveStsEndpoint({ region: vault.region });
  return {
    name: 'default-chain',
    credentials,
    describeIdentity: createDescribeIdentity(credentials, () => endpoint, options),
  };
}
