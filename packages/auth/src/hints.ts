/**
 * The setup steps users most often miss, one sentence each. Errors carry one of these as
 * their `hint`, so a failure points at the step to revisit rather than at the SDK.
 *
 * @example
 * console.error(AUTH_HINTS.trustPolicy);
 */
export const AUTH_HINTS = {
  trustPolicy:
    "Update the role's trust policy so that it allows the calling identity (the instance's role, or the role itself for self-assume) to call sts:AssumeRole.",
  trustPolicyExternalId:
    "Update the role's trust policy so that it allows the calling identity, and check that the configured externalId equals the sts:ExternalId condition in that policy.",
  trustPolicyNeedsExternalId:
    "Update the role's trust policy so that it allows the calling identity; if the policy has an sts:ExternalId condition, set externalId in the vault config.",
  rolePolicy:
    'Assign a policy that grants the needed actions (for example secretsmanager:GetSecretValue and secretsmanager:ListSecrets) to the role or user these credentials belong to.',
  instanceProfile:
    'Attach an instance profile (an IAM role) to the EC2 instance; in a container, raise the IMDS hop limit to 2 (aws ec2 modify-instance-metadata-options --http-put-response-hop-limit 2) or use the container credentials instead.',
  imdsV2:
    'Turn on IMDSv2 for the instance (aws ec2 modify-instance-metadata-options --instance-id <id> --http-endpoint enabled --http-tokens required); in a container, also raise the hop limit to 2 (--http-put-response-hop-limit 2). vaultline does not fall back to IMDSv1.',
  imdsOffEc2:
    'The instance metadata service only exists on EC2: off EC2 use authType access-key or default-chain; on EC2, attach an instance profile and, in a container, raise the IMDS hop limit to 2.',
  stsRegion:
    'Sign STS requests for the region of the STS endpoint: leave stsEndpointRegion unset (it is derived from a regional host), or set it to the region in the stsEndpoint host; the global endpoint https://sts.amazonaws.com is always signed for us-east-1.',
  stsRegionDisabled:
    'Activate STS for this region in the IAM console (Account settings > Security Token Service), or use the STS endpoint of a region where it is active.',
  accessKey:
    'Check the access key ID: it must belong to an active IAM user or come with its session token; create a new key in the IAM console if it was deleted or deactivated.',
  secretKey:
    'Check the secret access key: it must be the one created together with the access key ID (copy it again without spaces or line breaks).',
  expired:
    'The credentials expired: renew the session token (temporary credentials) or let the strategy refresh them; check the machine clock if this repeats.',
  clock:
    'Synchronise the machine clock (NTP): AWS rejects requests signed more than 5 minutes away from its time.',
  defaultChain:
    'Provide credentials to the AWS SDK default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile in ~/.aws (AWS_PROFILE), SSO (aws sso login), web identity, container or instance metadata.',
  network:
    'Check that this host can reach the STS endpoint (DNS, proxy, firewall, VPC endpoint), and that stsEndpoint is an STS URL.',
  instanceRoleTrust:
    "Update the trust policy of the instance profile's role so that the service ec2.amazonaws.com may call sts:AssumeRole on it.",
  transient:
    'AWS STS answered with a server error or throttled the request: nothing to change in the setup; retry later and check the AWS Health Dashboard if it persists.',
  config: 'Fix the vault configuration and validate it with `vaultline validate`.',
  roleChainDuration:
    'Role chaining limits sessions to one hour: set durationSeconds to 3600 or less when the source credentials are themselves a role (instance profile or another assumed role).',
} as const;

/** One of the catalogued hints. */
export type AuthHint = (typeof AUTH_HINTS)[keyof typeof AUTH_HINTS];
