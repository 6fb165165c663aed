import {
  type AuthType,
  generatePolicy,
  type PolicyEntry,
  type PolicyId,
  type PolicyOptions,
} from '@vaultline/policies';
import type { DiagnoseDocument, DiagnoseFixTarget } from './types.js';

/** What diagnose knows about the setup, to generate the documents a remedy points at. */
export interface SetupFacts {
  region: string;
  authType: AuthType;
  /** The role vaultline reads with (role-based: iamRole; instance profile: its role). */
  agentRoleArn?: string | undefined;
  /** The IAM user of access-key authentication. */
  agentUserArn?: string | undefined;
  /** The instance's role that assumes the agent role (role-based). */
  instanceRoleArn?: string | undefined;
  /** The user or role (not an instance role) whose credentials assume the agent role. */
  sourcePrincipalArn?: string | undefined;
  externalId?: string | undefined;
  agentAccountId?: string | undefined;
  /** The customer managed keys the config names (vault.kmsKeyArns), for fixes that need one. */
  kmsKeyArns?: string[] | undefined;
}

/** Per-secret facts: the secret's ARN, account and key (or the parameters a check is about). */
export interface SecretFacts {
  secretArn?: string | undefined;
  secretsAccountId?: string | undefined;
  kmsKeyArn?: string | undefined;
  /** Parameter names or ARNs (without selectors): the read policy's parameter statements. */
  parameters?: string[] | undefined;
}

/** The identity-side read document and its Sid prefix for an authentication type. */
export function readDocumentOf(authType: AuthType): { id: PolicyId; prefix: string } {
  return authType === 'instance-profile'
    ? { id: 'instance-profile-policy', prefix: 'InstanceRole' }
    : { id: 'read-policy', prefix: 'ReadPolicy' };
}

function optionsOf(facts: SetupFacts, secret: SecretFacts): PolicyOptions {
  const options: PolicyOptions = { region: facts.region, authType: facts.authType };
  if (facts.agentRoleArn) options.agentRoleArn = facts.agentRoleArn;
  if (facts.agentUserArn && !facts.agentRoleArn) options.agentUserArn = facts.agentUserArn;
  if (facts.instanceRoleArn) options.instanceRoleArn = facts.instanceRoleArn;
  else if (facts.sourcePrincipalArn) options.sourcePrincipalArn = facts.sourcePrincipalArn;
  if (facts.externalId) options.externalId = facts.externalId;
  if (facts.agentAccountId && !facts.agentRoleArn && !facts.agentUserArn) {
    options.agentAccountId = facts.agentAccountId;
  }
  if (secret.secretArn) options.secretArns = [secret.secretArn];
  else if (secret.secretsAccountId) options.secretsAccountId = secret.secretsAccountId;
  if (secret.kmsKeyArn) options.kmsKeyArn = secret.kmsKeyArn;
  if (secret.parameters) options.parameters = secret.parameters;
  return options;
}

/** Tries richer options first and drops what @vaultline/policies refuses (a key in another region, ...). */
function generate(id: PolicyId, facts: SetupFacts, secret: SecretFacts): PolicyEntry | undefined {
  const parameters = secret.parameters;
  const attempts: SecretFacts[] = [
    secret,
    { ...secret, kmsKeyArn: undefined },
    { secretsAccountId: secret.secretsAccountId, parameters },
    { parameters },
  ];
  for (const attempt of attempts) {
    try {
      return generatePolicy(id, optionsOf(facts, attempt));
    } catch {
      // try with less
    }
  }
  return undefined;
}

/**
 * The generated document `id` for this setup, pointing at `statementSid` (the statement that
 * is missing). Undefined when the setup cannot produce it.
 *
 * @example
 * documentFor('kms-key-policy', 'KeyPolicyAgentDescribeKey', facts, { secretArn, kmsKeyArn })?.json;
 */
export function documentFor(
  id: PolicyId,
  statementSid: string | undefined,
  facts: SetupFacts,
  secret: SecretFacts = {},
): DiagnoseDocument | undefined {
  const entry = generate(id, facts, secret);
  if (!entry) return undefined;
  const document: DiagnoseDocument = {
    id: entry.id,
    title: entry.title,
    account: entry.account,
    attachTo: entry.attachTo,
    setupStep: entry.setupStep,
    json: entry.document,
  };
  if (statementSid) document.statementSid = statementSid;
  if (entry.accountId) document.accountId = entry.accountId;
  const target = targetOf(id, facts, secret);
  if (target) document.target = target;
  return document;
}

/**
 * Where document `id` goes, by ARN, when the setup names it: the agent's identity policies,
 * the agent role's trust policy, the secret's key, the secret. Undefined when unknown (the
 * key of a secret under the AWS managed key, a secret referenced by name only).
 */
export function targetOf(
  id: PolicyId,
  facts: SetupFacts,
  secret: SecretFacts,
): DiagnoseFixTarget | undefined {
  const agent = facts.agentRoleArn ?? facts.agentUserArn;
  switch (id) {
    case 'read-policy':
    case 'instance-profile-policy':
    case 'agent-cross-account-policy':
      return agent ? { document: 'identity-policy', arn: agent } : undefined;
    case 'trust-policy':
      return facts.agentRoleArn ? { document: 'trust-policy', arn: facts.agentRoleArn } : undefined;
    case 'kms-key-policy':
      return secret.kmsKeyArn ? { document: 'key-policy', arn: secret.kmsKeyArn } : undefined;
    case 'secret-resource-policy':
      return secret.secretArn?.match(/-[A-Za-z0-9]{6}$/)
        ? { document: 'secret-resource-policy', arn: secret.secretArn }
        : undefined;
    default:
      return undefined;
  }
}

/** The remedy sentence for a document: the setup step, then exactly what to add where. */
export function remedyFor(document: DiagnoseDocument | undefined, fallback: string): string {
  if (!document) return fallback;
  const what = document.statementSid
    ? `statement '${document.statementSid}' of ${document.id} (${document.title})`
    : `${document.id} (${document.title})`;
  const where = document.accountId
    ? `${document.attachTo}, in account ${document.accountId}`
    : document.attachTo;
  return `${document.setupStep} Apply ${what} to ${where}; the JSON is in this step's document.`;
}

/** `arn:aws:sts::111122223333:assumed-role/name/session` → the role's IAM ARN. */
export function roleArnOfSession(arn: string): string | undefined {
  const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}

/** The ARN when it is an IAM user's, else undefined. */
export const userArnOf = (arn: string): string | undefined =>
  /^arn:aws[a-z-]*:iam::\d{12}:user\/.+$/.test(arn) ? arn : undefined;
