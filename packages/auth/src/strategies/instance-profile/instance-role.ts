import { MetadataService } from '@aws-sdk/ec2-metadata-service';
import { partitionOfRegion } from '@vaultline/config';
import type { InstanceMetadataSettings } from '../../vault.js';

const DEFAULT_TIMEOUT_MS = 1_000;

/**
 * The ARN of the instance profile's role, from instance metadata (IMDSv2): the role name
 * (`iam/security-credentials/`) and the account (the instance identity document). It does
 * not need the role's credentials, so it works when EC2 may not assume the role, which is
 * when a fix to that role's trust policy must name it. Undefined when metadata does not say.
 *
 * @example
 * await readInstanceRoleArn({ endpoint: 'http://169.254.169.254' }); // 'arn:aws:iam::111122223333:role/app'
 */
export async function readInstanceRoleArn(
  settings: InstanceMetadataSettings = {},
): Promise<string | undefined> {
  const service = new MetadataService({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    httpOptions: { timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    retries: settings.maxRetries ?? 0,
    ec2MetadataV1Disabled: true,
  });
  // MetadataService requests `pathname + path`: no leading slash after a bare host's "/".
  const slash = settings.endpoint && !new URL(settings.endpoint).pathname.endsWith('/') ? '/' : '';
  try {
    const roles = await service.request(`${slash}latest/meta-data/iam/security-credentials/`, {});
    const role = roles.split('\n')[0]?.trim();
    const identity = JSON.parse(
      await service.request(`${slash}latest/dynamic/instance-identity/document`, {}),
    ) as { accountId?: string; region?: string };
    if (!role || !identity.accountId) return undefined;
    const partition = (identity.region && partitionOfRegion(identity.region)?.id) || 'aws';
    return `arn:${partition}:iam::${identity.accountId}:role/${role}`;
  } catch {
    return undefined;
  }
}
