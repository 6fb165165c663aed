import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { resolveStsEndpoint, type StsEndpoint, toAuthError } from '@vaultline/auth';
import { type ResolverOptions, toResolverError } from '@vaultline/resolver/core';
import { SidecarError } from './errors.js';

/** Credentials as the resolver and the STS client take them. */
export type SidecarCredentials = ResolverOptions['credentials'];

/**
 * The STS endpoint the sidecar calls (credential validation, roleArn): `sts_endpoint` when
 * set (a VPC endpoint, a local emulator), else the region's.
 *
 * @example
 * stsEndpointOf('us-east-2', undefined).url; // 'https://sts.us-east-2.amazonaws.com' or the global one
 */
export function stsEndpointOf(region: string, stsEndpoint: string | undefined): StsEndpoint {
  return resolveStsEndpoint({
    region,
    ...(stsEndpoint ? { stsEndpoint, stsEndpointRegion: region } : {}),
  });
}

/** An STS client on the endpoint, signing with these credentials (the SDK chain when undefined). */
export function createStsClient(endpoint: StsEndpoint, credentials: SidecarCredentials): STSClient {
  return new STSClient({
    region: endpoint.signingRegion,
    endpoint: endpoint.url,
    maxAttempts: 3,
    ...(credentials ? { credentials } : {}),
  });
}

/** Throttling, 5xx, network and timeouts, as the resolver classifies AWS failures. */
const isTransient = (error: unknown): boolean => toResolverError(error).transient;

/**
 * `validate_credentials`, as AWS's agent: sts:GetCallerIdentity with the sidecar's
 * credentials before it listens; a refusal stops the start with auth's explanation, a
 * transient failure (network, 5xx) only when ignore_transient_errors is false.
 *
 * @example
 * await validateCredentials(stsEndpointOf('us-east-2', undefined), undefined, true);
 */
export async function validateCredentials(
  endpoint: StsEndpoint,
  credentials: SidecarCredentials,
  ignoreTransientErrors: boolean,
): Promise<void> {
  const client = createStsClient(endpoint, credentials);
  try {
    await client.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    if (ignoreTransientErrors && isTransient(error)) return;
    const explained = toAuthError(error, {
      operation: 'GetCallerIdentity',
      stsEndpoint: endpoint.url,
      signingRegion: endpoint.signingRegion,
    });
    throw new SidecarError(
      'CREDENTIALS_INVALID',
      `the credentials could not be validated (validate_credentials): ${explained.message}${explained.hint ? ` ${explained.hint}` : ''}; or set validate_credentials = false to check them on first use`,
      { cause: explained },
    );
  } finally {
    client.destroy();
  }
}
