import { createDescribeIdentity } from '../../describe-identity.js';
import { createRefreshingProvider } from '../../refresh.js';
import { resolveStsEndpoint } from '../../sts-endpoint.js';
import type { AuthOptions, AuthStrategy } from '../../types.js';
import type { InstanceProfileVaultInput } from '../../vault.js';
import { createImdsSource } from './imds-source.js';

/**
 * The instance-profile strategy: the credentials of the IAM role attached to this EC2
 * instance, read over IMDSv2 with a bounded timeout and renewed before they expire. Off
 * EC2 it fails fast with `AuthError` IMDS_UNREACHABLE.
 *
 * @example
 * const strategy = createInstanceProfileStrategy({
 *   authType: 'instance-profile',
 *   region: 'us-east-2',
 *   instanceMetadata: { timeoutMs: 1000, maxRetries: 1 },
 * });
 * console.log((await strategy.describeIdentity()).arn);
 */
export function createInstanceProfileStrategy(
  vault: InstanceProfileVaultInput,
  options: AuthOptions = {},
): AuthStrategy {
  const credentials = createRefreshingProvider(createImdsSource(vault.instanceMetadata), {
    label: 'instance profile credentials',
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const endpoint = resolveStsEndpoint({ region: vault.region });
  return {
    name: 'instance-profile',
    credentials,
    describeIdentity: createDescribeIdentity(credentials, () => endpoint, options),
  };
}
