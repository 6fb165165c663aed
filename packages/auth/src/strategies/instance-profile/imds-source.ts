import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { MetadataService } from '@aws-sdk/ec2-metadata-service';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { InstanceMetadataSettings } from '../../vault.js';
import { withErrorContext } from '../../with-error-context.js';

const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';
const DEFAULT_TIMEOUT_MS = 1_000;

interface ImdsCredentialsDocument {
  Code?: string;
  AccessKeyId?: string;
  SecretAccessKey?: string;
  Token?: string;
  Expiration?: string;
  AccountId?: string;
}

/**
 * Credentials of the instance profile, read through the AWS SDK's IMDSv2 clients, with the
 * IMDSv1 fallback turned off: when no session token can be had this fails with
 * `IMDS_V2_UNAVAILABLE` instead of reading metadata without one.
 *
 * Without an explicit `endpoint` this is the SDK's `fromInstanceMetadata` (it honours
 * AWS_EC2_METADATA_SERVICE_ENDPOINT and the shared config). That provider has no endpoint
 * option, so with an explicit endpoint the SDK's `MetadataService` (same IMDSv2 token
 * flow, endpoint as an option) fetches the role name and its credentials document.
 *
 * @example
 * const source = createImdsSource({ endpoint: 'http://169.254.169.254', timeoutMs: 1000 });
 * const { accessKeyId, expiration } = await source();
 */
export function createImdsSource(
  settings: InstanceMetadataSettings = {},
): () => Promise<AwsCredentialIdentity> {
  const timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = settings.maxRetries ?? 0;
  const raw = settings.endpoint
    ? fromMetadataService(settings.endpoint, timeout, maxRetries)
    : fromSdkProvider(timeout, maxRetries);
  return withErrorContext(raw, { operation: 'InstanceMetadata' });
}

function fromSdkProvider(
  timeout: number,
  maxRetries: number,
): () => Promise<AwsCredentialIdentity> {
  const provider = fromInstanceMetadata({ timeout, maxRetries, ec2MetadataV1Disabled: true });
  return async () => {
    try {
      return await provider();
    } catch (error) {
      // With IMDSv1 off, the SDK reports every failed token request (a refusal, or no answer at
      // all) as "v1 fallback has been blocked", dropping the cause. One more token request,
      // through the SDK's client with the same endpoint settings, tells the two apart.
      if ((error as Error)?.name !== 'InstanceMetadataV1FallbackError') throw error;
      const probe = new MetadataService({
        httpOptions: { timeout },
        retries: 0,
        ec2MetadataV1Disabled: true,
      });
      await probe.fetchMetadataToken();
      throw error;
    }
  };
}

function fromMetadataService(
  endpoint: string,
  timeout: number,
  retries: number,
): () => Promise<AwsCredentialIdentity> {
  // MetadataService requests `pathname + path`; a bare host has pathname "/", so the path
  // must not start with another slash (a "//latest/..." request is not IMDS).
  const base = new URL(endpoint);
  const path = base.pathname.endsWith('/') ? CREDENTIALS_PATH.slice(1) : CREDENTIALS_PATH;
  const service = new MetadataService({
    endpoint,
    httpOptions: { timeout },
    retries,
    backoff: 0.2,
    // IMDSv2 only: a request without a session token is what SSRF through a proxy can make.
    ec2MetadataV1Disabled: true,
  });
  return async () => {
    const roles = await service.request(path, {});
    const role = roles.split('\n')[0]?.trim();
    if (!role) {
      throw Object.assign(new Error('The instance metadata service lists no IAM role.'), {
        statusCode: 404,
      });
    }
    const document = JSON.parse(
      await service.request(`${path}${encodeURIComponent(role)}`, {}),
    ) as ImdsCredentialsDocument;
    if (
      (document.Code && document.Code !== 'Success') ||
      !document.AccessKeyId ||
      !document.SecretAccessKey ||
      !document.Token ||
      !document.Expiration
    ) {
      throw Object.assign(
        new Error(
          `The instance metadata service returned no usable credentials for role ${role} (Code ${document.Code ?? 'missing'}).`,
        ),
        { statusCode: 404, code: document.Code },
      );
    }
    return {
      accessKeyId: document.AccessKeyId,
      secretAccessKey: document.SecretAccessKey,
      sessionToken: document.Token,
      expiration: new Date(document.Expiration),
      ...(document.AccountId ? { accountId: document.AccountId } : {}),
    };
  };
}
