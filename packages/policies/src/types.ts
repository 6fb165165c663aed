import type { AwsPartitionId } from '@vaultline/secret-names';

/** One string or a list of strings, as IAM JSON allows. */
export type StringOrList = string | string[];

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: '*' | { AWS?: StringOrList; Service?: StringOrList; Federated?: StringOrList };
  NotPrincipal?: '*' | { AWS?: StringOrList; Service?: StringOrList; Federated?: StringOrList };
  Condition?: Record<string, Record<string, StringOrList | boolean>>;
}

/** An IAM policy document. Generated documents always use Version 2012-10-17 and a Statement list. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Id?: string;
  Statement: PolicyStatement[];
}

/** The kind of document, which decides its grammar (identity policies have no Principal). */
export type PolicyKind = 'identity' | 'trust' | 'key' | 'resource';

/** The documents this package generates, by the setup step they serve. */
export type PolicyId =
  | 'read-policy'
  | 'instance-profile-policy'
  | 'trust-policy'
  | 'kms-key-policy'
  | 'secret-resource-policy'
  | 'agent-cross-account-policy';

/** How vaultline authenticates (the config's `authType`). */
export type AuthType = 'role-based' | 'instance-profile' | 'access-key' | 'default-chain';

/** An ARN partition the AWS SDK knows: `aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, ... */
export type Partition = AwsPartitionId;

/** What the documents are generated from. Every field but `region` is optional. */
export interface PolicyOptions {
  /** Region of the secrets (and of the KMS key), e.g. `us-east-2`. */
  region: string;
  /** How the agent authenticates; inferred when absent (role ARN → role-based, else access-key). */
  authType?: AuthType;
  /** The role the agent reads secrets with (the config's `iamRole`, or the instance profile's role). */
  agentRoleArn?: string;
  /** The IAM user of access-key authentication, when known (used as the cross-account principal). */
  agentUserArn?: string;
  /** The EC2 instance's role that assumes `agentRoleArn` (role-based); equal to it for self-assume. */
  instanceRoleArn?: string;
  /**
   * Role-based from credentials other than an instance role: the IAM user, SSO or CI role (or
   * a role of another account) that calls AssumeRole on `agentRoleArn`; the trust policy
   * trusts it (statement TrustSourcePrincipal).
   */
  sourcePrincipalArn?: string;
  /** `sts:ExternalId` the trust policy requires. */
  externalId?: string;
  /** Secret ARNs (full or partial) the agent reads. */
  secretArns?: string[];
  /** Secret name prefixes the agent reads (`prod/` → `secret:prod/*`). */
  secretNamePrefixes?: string[];
  /** Account that holds the secrets; cross-account when it differs from the agent's account. */
  secretsAccountId?: string;
  /** The agent's account, when no ARN above tells it. */
  agentAccountId?: string;
  /** The customer managed KMS key the secrets are encrypted with. */
  kmsKeyArn?: string;
  /**
   * Parameter Store parameters the agent reads: names (in the agent's account) or parameter
   * ARNs, without selectors. They add ssm:GetParameter(s) and kms:Decrypt through Parameter Store.
   */
  parameters?: string[];
  /** ARN partition; by default that of the principal ARNs, else the region's (`aws` when unknown). */
  partition?: Partition;
}

/** A generated document with what people need to apply it. */
export interface PolicyEntry {
  id: PolicyId;
  title: string;
  kind: PolicyKind;
  /** Which account the document belongs in. */
  account: 'agent' | 'secrets';
  /** That account's id, when known. */
  accountId?: string;
  /** What to attach it to, in words. */
  attachTo: string;
  /** The setup step it serves. */
  setupStep: string;
  /** What each statement (by Sid) is for. */
  statementNotes: Record<string, string>;
  document: PolicyDocument;
}

/** Every document one setup needs, in the order people apply them. */
export type PolicyDocumentSet = PolicyEntry[];
