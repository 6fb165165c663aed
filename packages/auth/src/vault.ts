/**
 * The vault shapes this package reads: the properties of `@vaultline/config`'s `VaultConfig`
 * that auth needs, with its defaults made optional. A parsed `VaultConfig` is assignable to
 * `AuthVaultInput` (checked by `vault.test.ts`), and tests can build a vault by hand.
 */

/** IMDS client settings shared by the instance-profile strategy and role-based sources. */
export interface InstanceMetadataSettings {
  /** IMDS base URL, e.g. `http://169.254.169.254` (the SDK default when absent). */
  endpoint?: string | undefined;
  /** Connection and response timeout of one metadata request, in milliseconds. */
  timeoutMs?: number | undefined;
  /** Extra attempts after the first failed metadata request. */
  maxRetries?: number | undefined;
}

interface VaultBase {
  type?: 'aws-secrets-manager';
  region: string;
  endpoint?: string | undefined;
}

/** One further role assumed after `iamRole`, in order. */
export interface RoleChainEntry {
  roleArn: string;
  externalId?: string | undefined;
  sessionName?: string | undefined;
}

/** `authType: role-based`: source credentials, then sts:AssumeRole on `iamRole`. */
export interface RoleBasedVaultInput extends VaultBase {
  authType: 'role-based';
  iamRole: string;
  externalId?: string | undefined;
  sessionName?: string | undefined;
  durationSeconds?: number | undefined;
  stsEndpoint?: string | undefined;
  stsEndpointRegion?: string | undefined;
  sourceCredentials?: 'instance-profile' | 'default-chain' | undefined;
  roleChain?: readonly RoleChainEntry[] | undefined;
  instanceMetadata?: InstanceMetadataSettings | undefined;
}

/** `authType: instance-profile`: the credentials of the role attached to the EC2 instance. */
export interface InstanceProfileVaultInput extends VaultBase {
  authType: 'instance-profile';
  instanceMetadata?: InstanceMetadataSettings | undefined;
}

/** `authType: access-key`: a static key pair, optionally with a session token. */
export interface AccessKeyVaultInput extends VaultBase {
  authType: 'access-key';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** `authType: default-chain`: the AWS SDK's default credential chain. */
export interface DefaultChainVaultInput extends VaultBase {
  authType: 'default-chain';
  profile?: string | undefined;
  instanceMetadata?: InstanceMetadataSettings | undefined;
}

/** Any vault this package can authenticate for. */
export type AuthVaultInput =
  | RoleBasedVaultInput
  | InstanceProfileVaultInput
  | AccessKeyVaultInput
  | DefaultChainVaultInput;

/** The STS-related properties, present on role-based vaults only. */
export type StsVaultFields = Pick<VaultBase, 'region'> & {
  stsEndpoint?: string | undefined;
  stsEndpointRegion?: string | undefined;
};
