/**
 * Types of the emulator's IAM policy evaluator.
 *
 * The evaluator is a set of pure functions (no I/O) exported from `./index.ts`:
 *
 * - `authorize(request: AuthorizationRequest): Decision` decides one action by one caller on
 *   one resource (Secrets Manager and KMS actions, `sts:GetCallerIdentity` needs no check).
 * - `authorizeAssumeRole(request: AssumeRoleRequest): Decision` decides `sts:AssumeRole`
 *   (the role's trust policy plus, where AWS needs it, the caller's identity policy).
 * - `awsManagedKeyPolicy(accountId, region, service)` builds the key policy AWS gives an
 *   AWS managed key such as `aws/secretsmanager` (usable only by its own account, only
 *   through the service).
 * - `accessDeniedMessage(...)` is how messages are worded (exported for tests).
 *
 * Evaluation follows AWS's logic for the part this domain needs:
 * 1. any matching Deny (identity or resource policy) wins: `explicit-deny`;
 * 2. same account: allowed when an identity policy allows OR the resource policy allows the
 *    principal; cross-account: both must allow (`no-identity-allow` / `no-resource-allow`);
 * 3. KMS key policies (`resourcePolicyKind: 'kms-key'`) are authoritative: the key's own
 *    account's identity policies count only when the key policy grants that account's root
 *    (`arn:aws:iam::<acct>:root`); otherwise the key policy must name the caller
 *    (`key-policy-denies`). Cross-account callers need the key policy AND their identity policy.
 *
 * The caller-derived condition keys `aws:PrincipalArn` (the role ARN for an assumed role),
 * `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`, `aws:userid` and
 * `kms:CallerAccount` are filled in from `principal`; `context` adds or overrides keys such as
 * `kms:ViaService`, `sts:ExternalId`, `aws:SourceIp`.
 *
 * @example
 * import { authorize } from './index.js';
 * const decision = authorize({
 *   principal: { kind: 'user', arn: 'arn:aws:iam::111122223333:user/app', accountId: '111122223333' },
 *   action: 'secretsmanager:GetSecretValue',
 *   resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-a1B2c3',
 *   resourceAccountId: '111122223333',
 *   identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] }],
 * });
 * decision.allowed; // true
 */

/** One string or a list of strings, as IAM JSON allows for most fields. */
export type StringOrList = string | string[];

/** `Principal` / `NotPrincipal` of a statement: `"*"` or a map of principal types. */
export type PolicyPrincipal =
  | '*'
  | { AWS?: StringOrList; Service?: StringOrList; Federated?: StringOrList };

/**
 * Condition block: operator (e.g. `StringEquals`, `ForAnyValue:StringLike`,
 * `ArnLikeIfExists`) to condition key to value(s). Keys are compared case-insensitively.
 */
export type PolicyCondition = Record<string, Record<string, StringOrList | boolean>>;

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Condition?: PolicyCondition;
}

/** An IAM policy document (identity, resource, key or trust policy). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/**
 * The authenticated caller.
 * - `root`: `arn:aws:iam::<acct>:root`
 * - `user`: `arn:aws:iam::<acct>:user/<path/><name>`
 * - `assumed-role`: `arn` is `arn:aws:sts::<acct>:assumed-role/<Role>/<session>`, `roleArn` is
 *   `arn:aws:iam::<acct>:role/<path/><Role>` (used for `aws:PrincipalArn` and role principals).
 */
export interface CallerPrincipal {
  kind: 'root' | 'user' | 'assumed-role';
  arn: string;
  accountId: string;
  roleArn?: string;
  sessionName?: string;
  /** Unique id (AIDA.../AROA...:session) for `aws:userid`; optional. */
  userId?: string;
}

/** A service principal (e.g. `ec2.amazonaws.com`) calling `sts:AssumeRole` for an instance profile. */
export interface ServiceCaller {
  service: string;
}

/** Which kind of resource policy `resourcePolicy` is. */
export type ResourcePolicyKind = 'secret' | 'kms-key';

/** One action by one caller on one resource. */
export interface AuthorizationRequest {
  principal: CallerPrincipal;
  /** e.g. `secretsmanager:GetSecretValue`, `kms:Decrypt` (compared case-insensitively). */
  action: string;
  /** The resource ARN; `*` for actions without a resource (ListSecrets, CreateSecret checks use the would-be ARN). */
  resource: string;
  /**
   * The resource as the refusal message names it, when AWS does not name the ARN: Secrets
   * Manager names the SecretId as the request gave it ("on resource: prod/db"). Default
   * `resource`.
   */
  messageResource?: string;
  /** Account that owns the resource. */
  resourceAccountId: string;
  /** Policies attached to the caller's user or role (empty for root, which is always allowed by identity). */
  identityPolicies: PolicyDocument[];
  /** The secret's resource policy or the KMS key policy. */
  resourcePolicy?: PolicyDocument;
  /** `kms-key`: the key policy is authoritative (default `secret`). */
  resourcePolicyKind?: ResourcePolicyKind;
  /**
   * `AWS` for an AWS managed key (`aws/secretsmanager`): never usable from another account,
   * and the denial says so. Only meaningful with `resourcePolicyKind: 'kms-key'`.
   */
  keyManager?: 'AWS' | 'CUSTOMER';
  /** Extra condition keys: `kms:ViaService`, `sts:ExternalId`, `aws:SourceIp`, ... */
  context?: Record<string, StringOrList>;
}

/** `sts:AssumeRole` of `roleArn` by a principal or a service. */
export interface AssumeRoleRequest {
  caller: CallerPrincipal | ServiceCaller;
  roleArn: string;
  roleAccountId: string;
  trustPolicy: PolicyDocument;
  /** Identity policies of the calling user/role (ignored for service callers). */
  callerIdentityPolicies: PolicyDocument[];
  externalId?: string;
  /** Extra condition keys, as in {@link AuthorizationRequest.context}. */
  context?: Record<string, StringOrList>;
}

/** Why a request was allowed or denied. */
export type DecisionReason =
  | 'allowed'
  | 'explicit-deny'
  | 'no-identity-allow'
  | 'no-resource-allow'
  | 'key-policy-denies'
  | 'no-trust-allow'
  | 'implicit-deny';

/** Which policy decided (or lacked) the outcome. */
export type PolicySource = 'identity' | 'resource' | 'key' | 'trust';

/**
 * The outcome. `message` is worded like AWS's AccessDenied text
 * ("User: <arn> is not authorized to perform: <action> on resource: <arn> because ...")
 * and names the policy that lacks an Allow or holds the Deny.
 */
export interface Decision {
  allowed: boolean;
  reason: DecisionReason;
  /** The policy that denied, or that lacks the needed Allow (absent when allowed by all needed). */
  policy?: PolicySource;
  /** Sid of the deciding statement (the Deny, or the Allow that granted). */
  statementSid?: string;
  /** AWS's words, as the error body carries them. */
  message: string;
  /** Why, in the emulator's words: only for the x-emulator-explanation header and the log. */
  explanation?: string;
}
