import { parsePrincipalArn } from '@vaultline/config';
import { awsServiceHost, formatParameterArn, isRegionCode } from '@vaultline/secret-names';
import { PolicyError } from './errors.js';
import {
  agentPrincipalOf,
  type PrincipalArn,
  type Principals,
  readPrincipals,
  resolveAgentAccount,
  resolveAuthType,
  resolvePartition,
} from './option-principals.js';
import {
  checkSecretsAccount,
  prefixPatterns,
  readKmsKey,
  readSecretArns,
} from './option-resources.js';
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
  /** The user or role (not an instance role) that assumes the agent role. */
  sourcePrincipalArn?: string;
  externalId?: string;
  agentAccountId?: string;
  secretsAccountId?: string;
  crossAccount: boolean;
  /** Resource patterns of the secrets the agent reads (`*` when unknown). */
  secretResources: string[];
  kmsKeyArn?: string;
  /** ARNs (or ARN patterns, `*` for an unknown account) of the parameters the agent reads. */
  parameterResources?: string[];
  /** The instance role is the agent role (it assumes itself). */
  selfAssume: boolean;
  /** The instance role assumes the agent role from another account. */
  instanceRoleInOtherAccount: boolean;
}

/** `secretsmanager.<region>.<the partition's DNS suffix>`, the kms:ViaService value. */
export function secretsManagerServiceName(region: string, partition: Partition): string {
  return awsServiceHost('secretsmanager', region, partition);
}

/** `ssm.<region>.<the partition's DNS suffix>`, the kms:ViaService value of Parameter Store. */
export function parameterStoreServiceName(region: string, partition: Partition): string {
  return awsServiceHost('ssm', region, partition);
}

/** Parameter ARNs: ARNs as given, names in the agent's account (any account when unknown). */
function parameterResourcesOf(
  parameters: string[] | undefined,
  partition: Partition,
  region: string,
  accountId: string | undefined,
): string[] | undefined {
  if (!parameters || parameters.length === 0) return undefined;
  const arns = parameters.map((parameter) =>
    parameter.startsWith('arn:')
      ? parameter
      : formatParameterArn({ partition, region, accountId: accountId ?? '*', name: parameter }),
  );
  return [...new Set(arns)];
}

/** The EC2 service principal of a partition. */
export function ec2ServicePrincipal(partition: Partition): string {
  return partition === 'aws-cn' ? 'ec2.amazonaws.com.cn' : 'ec2.amazonaws.com';
}

function checkRegion(options: PolicyOptions): string {
  if (!options || typeof options.region !== 'string' || !isRegionCode(options.region)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `region must be an AWS region code such as us-east-2; received '${String(options?.region).slice(0, 60)}'`,
    );
  }
  return options.region;
}

/** An agent in another account than the secrets needs its account, and then its ARN. */
function checkAgentKnown(
  options: PolicyOptions,
  accounts: { agentAccountId: string | undefined; secretsAccountId: string | undefined },
  agentPrincipal: PrincipalArn | undefined,
): boolean {
  const { agentAccountId, secretsAccountId } = accounts;
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
  return crossAccount;
}

/** The role-based instance-role facts: assumes itself, or assumes from another account. */
function instanceRoleFacts(
  authType: AuthType,
  { agentRole, instanceRole }: Principals,
): Pick<ResolvedOptions, 'selfAssume' | 'instanceRoleInOtherAccount'> {
  const roleBased = authType === 'role-based' && instanceRole !== undefined;
  return {
    selfAssume: roleBased && instanceRole.arn === agentRole?.arn,
    instanceRoleInOtherAccount:
      roleBased && agentRole !== undefined && instanceRole.accountId !== agentRole.accountId,
  };
}

/** Drops the optional fields that are undefined: a resolved option is there or absent. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * Validates options and derives accounts, the cross-account flag and resource patterns.
 * Throws {@link PolicyError} with what was expected and what was received.
 *
 * @example
 * resolveOptions({ region: 'us-east-1', agentRoleArn: 'arn:aws:iam::444455556666:role/agent', secretsAccountId: '111122223333' }).crossAccount; // true
 */
export function resolveOptions(options: PolicyOptions): ResolvedOptions {
  const region = checkRegion(options);
  const principals = readPrincipals(options);
  const partition = resolvePartition(options, region, principals);
  const authType = resolveAuthType(options, principals);
  const agentPrincipal = agentPrincipalOf(authType, principals);
  const agentAccountId = resolveAgentAccount(options, agentPrincipal);
  const secrets = readSecretArns(
    options.secretArns,
    region,
    checkSecretsAccount(options.secretsAccountId),
  );
  const key = readKmsKey(options.kmsKeyArn, region, secrets.secretsAccountId);
  const secretsAccountId = key.secretsAccountId;
  const scopeAccount = secretsAccountId ?? agentAccountId ?? '*';
  const secretResources = [
    ...secrets.patterns,
    ...prefixPatterns(options.secretNamePrefixes, partition, region, scopeAccount),
  ];
  const crossAccount = checkAgentKnown(
    options,
    { agentAccountId, secretsAccountId },
    agentPrincipal,
  );
  return withoutUndefined({
    region,
    partition,
    authType,
    crossAccount,
    secretResources: secretResources.length > 0 ? secretResources : ['*'],
    ...instanceRoleFacts(authType, principals),
    agentPrincipalArn: agentPrincipal?.arn,
    agentRoleArn: principals.agentRole?.arn,
    instanceRoleArn: principals.instanceRole?.arn,
    sourcePrincipalArn: sourcePrincipalOf(options.sourcePrincipalArn),
    externalId: options.externalId,
    agentAccountId,
    secretsAccountId,
    kmsKeyArn: key.kmsKeyArn,
    parameterResources: parameterResourcesOf(options.parameters, partition, region, agentAccountId),
  });
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

/** A source principal must be an IAM role or user ARN (the rule of @vaultline/config). */
function sourcePrincipalOf(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const parsed = parsePrincipalArn(arn);
  if (!parsed.ok) throw new PolicyError('INVALID_OPTIONS', `sourcePrincipalArn: ${parsed.message}`);
  return arn;
}
