import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AuthError } from './errors.js';
import { AUTH_HINTS } from './hints.js';
import { stsClientConfig } from './sts-client.js';
import type { StsEndpoint } from './sts-endpoint.js';
import { toAuthError } from './to-auth-error.js';
import type { AuthOptions, CallerIdentity } from './types.js';

/**
 * A `describeIdentity` for a strategy: sts:GetCallerIdentity signed with its credentials
 * on the given STS endpoint. One STS client is created lazily and reused.
 */
export function createDescribeIdentity(
  credentials: AwsCredentialIdentityProvider,
  endpoint: () => StsEndpoint,
  options: AuthOptions,
  secrets: readonly (string | undefined)[] = [],
): () => Promise<CallerIdentity> {
  let client: STSClient | undefined;
  return async () => {
    const resolved = endpoint();
    client ??= new STSClient({ ...stsClientConfig(resolved, options), credentials });
    try {
      const out = await client.send(new GetCallerIdentityCommand({}));
      if (!out.Account || !out.Arn || !out.UserId) {
        throw new AuthError(
          'UNKNOWN',
          'sts:GetCallerIdentity answered without Account, Arn or UserId.',
          { cause: out, hint: AUTH_HINTS.network },
        );
      }
      return { account: out.Account, arn: out.Arn, userId: out.UserId };
    } catch (error) {
      throw toAuthError(error, {
        operation: 'GetCallerIdentity',
        stsEndpoint: resolved.url,
        signingRegion: resolved.signingRegion,
        secrets,
      });
    }
  };
}
