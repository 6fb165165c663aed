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
 * Credentials of the instance profile, read through the AWS SDK's IMDSv2 clients.
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
    : (() => {
        const provider = fromInstanceMetadata({ timeout, maxRetries });
        return () => provider();
      })();
  return withErrorContext(raw, { operation: 'InstanceMetadata' });
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
