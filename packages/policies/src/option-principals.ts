// Who reads the secrets: the IAM principals of the options, their partition, the
// authentication type and the agent's account. resolveOptions (options.ts) calls these in turn.
import {
  isAwsPartitionId,
  listAwsPartitions,
  parseArn,
  partitionOfRegion,
} from '@vaultline/secret-names';
import { PolicyError } from './errors.js';
import type { AuthType, Partition, PolicyOptions } from './types.js';

/** An IAM role or user ARN of the options, with what the documents need from it. */
export interface PrincipalArn {
  arn: string;
  accountId: string;
  partition: Partition;
}

/** The principals the options name, each checked to be an IAM ARN of its kind. */
export interface Principals {
  agentRole?: PrincipalArn | undefined;
  agentUser?: PrincipalArn | undefined;
  instanceRole?: PrincipalArn | undefined;
}

export const ACCOUNT_ID = /^\d{12}$/;
const AUTH_TYPES: readonly AuthType[] = [
  'role-based',
  'instance-profile',
  'access-key',
  'default-chain',
];

/** `arn:<any SDK partition>:iam::<12 digits>:<kind>/<name>`, or a PolicyError saying so. */
function principalArn(
  label: string,
  value: string | undefined,
  kind: 'role' | 'user',
): PrincipalArn | undefined {
  if (value === undefined) return undefined;
  const arn = parseArn(value);
  const isPrincipal =
    arn !== undefined &&
    arn.service === 'iam' &&
    arn.region === '' &&
    ACCOUNT_ID.test(arn.accountId) &&
    arn.resource.startsWith(`${kind}/`) &&
    arn.resource.length > kind.length + 1;
  if (!isPrincipal) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `${label} must be an IAM ${kind} ARN such as arn:aws:iam::111122223333:${kind}/name; received '${value.slice(0, 120)}'`,
    );
  }
  return { arn: value, accountId: arn.accountId, partition: arn.partition };
}

/** Reads agentRoleArn, agentUserArn and instanceRoleArn, in that order. */
export function readPrincipals(options: PolicyOptions): Principals {
  return {
    agentRole: principalArn('agentRoleArn', options.agentRoleArn, 'role'),
    agentUser: principalArn('agentUserArn', options.agentUserArn, 'user'),
    instanceRole: principalArn('instanceRoleArn', options.instanceRoleArn, 'role'),
  };
}

/**
 * The ARN partition: as given, else that of a principal ARN, else the region's (so an
 * `eusc-de-east-1` setup gets `aws-eusc` and its DNS suffix), else `aws`.
 */
export function resolvePartition(
  options: PolicyOptions,
  region: string,
  principals: Principals,
): Partition {
  const given: unknown = options.partition;
  if (given !== undefined && (typeof given !== 'string' || !isAwsPartitionId(given))) {
    const known = listAwsPartitions().map((partition) => partition.id);
    throw new PolicyError(
      'INVALID_OPTIONS',
      `partition must be one of ${known.join(', ')}; received '${String(given).slice(0, 60)}'`,
    );
  }
  const ofRegion = partitionOfRegion(region)?.id;
  return (
    options.partition ??
    principals.agentRole?.partition ??
    principals.instanceRole?.partition ??
    principals.agentUser?.partition ??
    (ofRegion !== undefined && isAwsPartitionId(ofRegion) ? ofRegion : 'aws')
  );
}

/** The authentication type: as given, else inferred from the principals given. */
export function resolveAuthType(options: PolicyOptions, principals: Principals): AuthType {
  const authType: AuthType =
    options.authType ??
    (principals.agentRole
      ? 'role-based'
      : principals.instanceRole
        ? 'instance-profile'
        : 'access-key');
  if (!AUTH_TYPES.includes(authType)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `authType must be one of ${AUTH_TYPES.join(', ')}; received '${String(authType)}'`,
    );
  }
  if (authType === 'role-based' && !principals.agentRole) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      "role-based authentication needs agentRoleArn (the config's iamRole)",
    );
  }
  return authType;
}

/** The principal that reads secrets: the agent role, the instance role or the IAM user. */
export function agentPrincipalOf(
  authType: AuthType,
  principals: Principals,
): PrincipalArn | undefined {
  return authType === 'instance-profile'
    ? (principals.agentRole ?? principals.instanceRole)
    : (principals.agentRole ?? principals.agentUser);
}

/** The agent's account: as given (12 digits, agreeing with its principal), else the principal's. */
export function resolveAgentAccount(
  options: PolicyOptions,
  agentPrincipal: PrincipalArn | undefined,
): string | undefined {
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
  return agentAccountId;
}
