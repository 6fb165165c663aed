import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { createRefreshingProvider } from '../../refresh.js';
import { stsClientConfig } from '../../sts-client.js';
import type { StsEndpoint } from '../../sts-endpoint.js';
import type { AuthOptions } from '../../types.js';
import { withErrorContext } from '../../with-error-context.js';

/** One sts:AssumeRole step. */
export interface AssumeRoleStep {
  roleArn: string;
  sessionName: string;
  externalId?: string | undefined;
  durationSeconds?: number | undefined;
}

/**
 * A renewing provider of the credentials of `step.roleArn`, assumed with `source` through
 * the SDK's `fromTemporaryCredentials` on the resolved STS endpoint.
 *
 * @example
 * const endpoint = resolveStsEndpoint({ region: 'us-east-2' });
 * const reader = createAssumeRoleProvider(
 *   createImdsSource(),
 *   { roleArn: 'arn:aws:iam::123456789012:role/reader', sessionName: 'vaultline-host' },
 *   endpoint,
 *   {},
 * );
 */
export function createAssumeRoleProvider(
  source: () => Promise<AwsCredentialIdentity>,
  step: AssumeRoleStep,
  endpoint: StsEndpoint,
  options: AuthOptions,
): () => Promise<AwsCredentialIdentity> {
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: step.roleArn,
      RoleSessionName: step.sessionName,
      ...(step.externalId ? { ExternalId: step.externalId } : {}),
      ...(step.durationSeconds ? { DurationSeconds: step.durationSeconds } : {}),
    },
    masterCredentials: () => source(),
    clientConfig: stsClientConfig(endpoint, options),
  });
  const explained = withErrorContext(() => assume(), {
    operation: 'AssumeRole',
    roleArn: step.roleArn,
    externalIdSent: Boolean(step.externalId),
    stsEndpoint: endpoint.url,
    signingRegion: endpoint.signingRegion,
    secrets: [step.externalId],
  });
  return createRefreshingProvider(explained, {
    label: step.roleArn,
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
  });
}
