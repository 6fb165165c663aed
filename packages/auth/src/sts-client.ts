import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { StsEndpoint } from './sts-endpoint.js';
import type { AuthOptions } from './types.js';

/**
 * The STS client settings for a resolved endpoint: the client's region is the signing
 * region and its endpoint the resolved URL, so the SDK signs exactly as the rules say.
 */
export function stsClientConfig(
  endpoint: StsEndpoint,
  options: Pick<AuthOptions, 'requestHandler'>,
): STSClientConfig {
  return {
    region: endpoint.signingRegion,
    endpoint: endpoint.url,
    maxAttempts: 3,
    ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
  };
}
