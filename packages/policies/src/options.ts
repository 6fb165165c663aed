import { awsServiceHost, isRegionCode, parseSecretArn } from '@vaultline/secret-names';
import { PolicyError } from './errors.js';
import type { AuthType, Partition, PolicyOptions } from './types.js';

/** Options with everything derived: accounts, partition names, resources. */
export interface ResolvedOptions {
  region: string;
  partition: Partition;
  authType: AuthType;
  /** The principal that reads secrets: the agent role, the instance role or the IAM user. */
  agentPrincipalArn?: string;
  agentRoleArn?: string;
  instanceRoleArn?: string;
  externalId?: string;
  agentAccountId?: string;
  secretsAccountId?: string;
  crossAccount: boolean;
  /** Resource patterns of the secrets the agent reads (`*` when unknown). */
  secretResources: string[];
  kmsKeyArn?: string;
  /** The instance role is the agent role (it assumes itself). */
  selfAssume: boolean;
  /** The instance role assumes the agent role from another account. */
  instanceRoleInOtherAccount: boolean;
}

const IAM_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|user)\/(.+)$/;
const KMS_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([^:]+):(\d{12}):(key|alias)\/(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const AUTH_TYPES: readonly AuthType[] = [
  'role-based',
  'instance-profile',
  'access-key',
  'default-chain',
];

/** `secretsmanager.<region>.<the partition's DNS suffix>`, the kms:ViaService value. */
export function secretsManagerServiceName(region: string, partition: Partition): string {
  return awsServiceHost('secretsmanager', region, partition);
}

/** The EC2 service principal of a partition. */
export function ec2ServicePrincipal(partition: Partition): string {
  return partition === 'aws-cn' ? 'ec2.amazonaws.com.cn' : 'ec2.amazonaws.com';
}

function iamArn(
  label: string,
  value: string | undefined,
  kind: 'role' | 'user',
): { arn: string; accountId: string; partition: Partition } | undefined {
  if (value === undefined) return undefined;
  const match = IAM_ARN.exec(value);
  if (!match || match[3] !== kind) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `${label} must be an IAM ${kind} ARN such as arn:aws:iam::111122223333:${kind}/name; received '${value.slice(0, 120)}'`,
    );
  }
  return { arn: value, accountId: match[2]!, partition: match[1] as Partition };
}

function agreeAccount(current: string | undefined, next: string, what: string): string {
  if (current !== undefined && current !== next) {
    throw new PolicyError(
      'ACCOUNT_MISMATCH',
      `${what} is in account ${next}, but the secrets are in account ${current}; all secrets and their KMS key must live in one account (generate one document set per account)`,
    );
  }
  return next;
}

/**
 * Validates options and derives accounts, the cross-account flag and resource patterns.
 * Throws {@link PolicyError} with what was expected and what was received.
 *
 * @example
 * resolveOptions({ region: 'us-east-1', agentRoleArn: 'arn:aws:iam::444455556666:role/agent', secretsAccountId: '111122223333' }).crossAccount; // true
 */
export function resolveOptions(options: PolicyOptions): ResolvedOptions {
  if (!options || typeof options.region !== 'string' || !isRegionCode(options.region)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `region must be an AWS region code such as us-east-2; received '${String(options?.region).slice(0, 60)}'`,
    );
  }
  const { region } = options;
  const agentRole = iamArn('agentRoleArn', options.agentRoleArn, 'role');
  const agentUser = iamArn('agentUserArn', options.agentUserArn, 'user');
  const instanceRole = iamArn('instanceRoleArn', options.instanceRoleArn, 'role');
  const partition: Partition =
    options.partition ??
    agentRole?.partition ??
    instanceRole?.partition ??
    agentUser?.partition ??
    'aws';
  const authType: AuthType =
    options.authType ??
    (agentRole ? 'role-based' : instanceRole ? 'instance-profile' : 'access-key');
  if (!AUTH_TYPES.includes(authType)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `authType must be one of ${AUTH_TYPES.join(', ')}; received '${String(authType)}'`,
    );
  }
  if (authType === 'role-based' && !agentRole) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      "role-based authentication needs agentRoleArn (the config's iamRole)",
    );
  }
  const agentPrincipal =
    authType === 'instance-profile' ? (agentRole ?? instanceRole) : (agentRole ?? agentUser);
  const agentAccountId = options.agentAccountId ?? agentPrincipal?.accountId;
  if (agentAccountId !== undefined && !ACCOUNT_ID.test(agentAccountId)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `agentAccountId must be a 12-digit account id; received '${agentAccountId}'`,
    );
  }
  if (agentPrincipal && agentAccountId !== agentPrincipal.accountId) {
    throw new PolicyError(
      'ACCOUNT_MISMATCH',
      `agentAccountId ${agentAccountId} differs from the account of ${agentPrincipal.arn}; leave agentAccountId out or make them agree`,
    );
  }

  let secretsAccountId = options.secretsAccountId;
  if (secretsAccountId !== undefined && !ACCOUNT_ID.test(secretsAccountId)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `secretsAccountId must be a 12-digit account id; received '${secretsAccountId}'`,
    );
  }

  const secretArnPatterns: string[] = [];
  for (const text of options.secretArns ?? []) {
    const parsed = parseSecretArn(text);
    if (!parsed.ok)
      throw new PolicyError('INVALID_OPTIONS', `secretArns: ${parsed.error.message}`, {
        cause: parsed.error,
      });
    const arn = parsed.value;
    if (arn.region !== region) {
      throw new PolicyError(
        'REGION_MISMATCH',
        `secret ${text} is in region ${arn.region}, but the vault region is ${region}; vaultline reads secrets only in its configured region (a secret in another region is not found there)`,
      );
    }
    secretsAccountId = agreeAccount(secretsAccountId, arn.accountId, `secret ${text}`);
    // A partial ARN (no 6-character suffix) matches the full ARN only with a suffix wildcard.
    secretArnPatterns.push(arn.suffix ? text : `${text}-??????`);
  }

  let kmsKeyArn: string | undefined;
  if (options.kmsKeyArn !== undefined) {
    const match = KMS_ARN.exec(options.kmsKeyArn);
    if (!match || !isRegionCode(match[2]!)) {
      throw new PolicyError(
        'INVALID_OPTIONS',
        `kmsKeyArn must be a KMS key ARN such as arn:aws:kms:us-east-2:111122223333:key/1234abcd-...; received '${options.kmsKeyArn.slice(0, 120)}'`,
      );
    }
    if (match[4] === 'alias') {
      if (match[5]!.startsWith('aws/')) {
        throw new PolicyError(
          'AWS_MANAGED_KEY',
          `${options.kmsKeyArn} is an AWS managed key; its key policy cannot be changed and it can never be used from another account. Create a customer managed key and encrypt the secrets with it.`,
        );
      }
      throw new PolicyError(
        'INVALID_OPTIONS',
        `kmsKeyArn must name the key (…:key/<key-id>), not an alias: policies granting an alias ARN do not cover the key; received ${options.kmsKeyArn}`,
      );
    }
    if (match[2] !== region) {
      throw new PolicyError(
        'REGION_MISMATCH',
        `KMS key ${options.kmsKeyArn} is in region ${match[2]}, but the secrets are in ${region}; a secret's key must be in the secret's region`,
      );
    }
    secretsAccountId = agreeAccount(secretsAccountId, match[3]!, `KMS key ${options.kmsKeyArn}`);
    kmsKeyArn = options.kmsKeyArn;
  }

  const scopeAccount = secretsAccountId ?? agentAccountId ?? '*';
  const prefixPatterns = (options.secretNamePrefixes ?? []).map((prefix) => {
    if (typeof prefix !== 'string' || prefix.length === 0 || /[:*?]/.test(prefix)) {
      throw new PolicyError(
        'INVALID_OPTIONS',
        `secretNamePrefixes entries must be non-empty name prefixes without ':', '*' or '?'; received '${String(prefix)}'`,
      );
    }
    return `arn:${partition}:secretsmanager:${region}:${scopeAccount}:secret:${prefix}*`;
  });
  const secretResources = [...secretArnPatterns, ...prefixPatterns];

  const crossAccount =
    secretsAccountId !== undefined &&
    agentAccountId !== undefined &&
    secretsAccountId !== agentAccountId;
  if (options.secretsAccountId !== undefined && agentAccountId === undefined) {
    throw new PolicyError(
      'MISSING_AGENT_PRINCIPAL',
      `the secrets are in account ${secretsAccountId}, but the agent's account is unknown: give agentRoleArn (role-based or instance profile), agentUserArn (access key) or agentAccountId`,
    );
  }
  if (crossAccount && !agentPrincipal) {
    throw new PolicyError(
      'MISSING_AGENT_PRINCIPAL',
      `cross-account access (secrets in ${secretsAccountId}, agent in ${agentAccountId}) needs the agent's principal ARN for the key policy and the secret's resource policy: give agentRoleArn, or agentUserArn for access-key authentication`,
    );
  }

  const resolved: ResolvedOptions = {
    region,
    partition,
    authType,
    crossAccount,
    secretResources: secretResources.length > 0 ? secretResources : ['*'],
    selfAssume:
      authType === 'role-based' &&
      instanceRole !== undefined &&
      instanceRole.arn === agentRole?.arn,
    instanceRoleInOtherAccount:
      authType === 'role-based' &&
      instanceRole !== undefined &&
      agentRole !== undefined &&
      instanceRole.accountId !== agentRole.accountId,
  };
  if (agentPrincipal) resolved.agentPrincipalArn = agentPrincipal.arn;
  if (agentRole) resolved.agentRoleArn = agentRole.arn;
  if (instanceRole) resolved.instanceRoleArn = instanceRole.arn;
  if (options.externalId !== undefined) resolved.externalId = options.externalId;
  if (agentAccountId !== undefined) resolved.agentAccountId = agentAccountId;
  if (secretsAccountId !== undefined) resolved.secretsAccountId = secretsAccountId;
  if (kmsKeyArn !== undefined) resolved.kmsKeyArn = kmsKeyArn;
  return resolved;
}

/** The vault settings a generated set depends on; a `@vaultline/config` vault section fits it. */
export interface VaultLike {
  authType: string;
  region: string;
  iamRole?: string;
  externalId?: string;
}

/**
 * Builds {@link PolicyOptions} from a vault config plus what the config does not say
 * (secret ARNs, the key, the instance role, the secrets' account).
 *
 * @example
 * policyOptionsFromConfig(
 *   { authType: 'role-based', region: 'us-east-2', iamRole: 'arn:aws:iam::444455556666:role/agent' },
 *   { secretsAccountId: '111122223333' },
 * );
 */
export function policyOptionsFromConfig(
  vault: VaultLike,
  extra: Omit<PolicyOptions, 'region' | 'authType' | 'externalId'> = {},
): PolicyOptions {
  const options: PolicyOptions = {
    ...extra,
    region: vault.region,
    authType: vault.authType as AuthType,
  };
  if (vault.iamRole !== undefined) options.agentRoleArn = vault.iamRole;
  if (vault.externalId !== undefined) options.externalId = vault.externalId;
  return options;
}
