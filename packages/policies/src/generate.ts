import { parseArn } from '@vaultline/secret-names';
import { accountRoot, describePrincipal, document, keyResource } from './documents/_shared.js';
import {
  agentCrossAccountStatements,
  keyPolicyStatements,
  secretResourcePolicyStatements,
} from './documents/cross-account.js';
import { readStatements } from './documents/read-policy.js';
import { trustStatements } from './documents/trust-policy.js';
import { PolicyError } from './errors.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import type { PolicyDocumentSet, PolicyEntry, PolicyId, PolicyOptions } from './types.js';

/** Every id, in the order people apply the documents. */
export const POLICY_IDS: readonly PolicyId[] = [
  'read-policy',
  'instance-profile-policy',
  'trust-policy',
  'kms-key-policy',
  'secret-resource-policy',
  'agent-cross-account-policy',
];

const withAccount = (
  entry: Omit<PolicyEntry, 'accountId'>,
  accountId: string | undefined,
): PolicyEntry => (accountId === undefined ? entry : { ...entry, accountId });

type Builder = (options: ResolvedOptions) => PolicyEntry | string;

const BUILDERS: Record<PolicyId, Builder> = {
  'read-policy': (options) => {
    if (options.authType === 'instance-profile') {
      return "with instance-profile authentication the read permissions go to the instance profile's role: use instance-profile-policy";
    }
    const { statements, notes } = readStatements(options, 'ReadPolicy');
    const who =
      options.authType === 'role-based'
        ? `the role vaultline assumes, ${options.agentRoleArn}`
        : options.authType === 'access-key'
          ? `the IAM user whose access key vaultline uses${options.agentPrincipalArn ? `, ${options.agentPrincipalArn}` : ''}`
          : 'the principal the default credential chain resolves to';
    return withAccount(
      {
        id: 'read-policy',
        title: 'Minimum read policy',
        kind: 'identity',
        account: 'agent',
        attachTo: `a customer managed IAM policy attached to ${who}`,
        setupStep:
          options.authType === 'role-based'
            ? 'Role-based setup, steps 1 and 2: create an IAM policy with this document and attach it to the role.'
            : 'Create an IAM policy with this document and attach it to the principal vaultline signs in as.',
        statementNotes: notes,
        document: document(...statements),
      },
      options.agentAccountId,
    );
  },
  'instance-profile-policy': (options) => {
    if (options.authType === 'instance-profile') {
      const { statements, notes } = readStatements(options, 'InstanceRole');
      return withAccount(
        {
          id: 'instance-profile-policy',
          title: "Instance profile role's policy",
          kind: 'identity',
          account: 'agent',
          attachTo: `a customer managed IAM policy attached to the instance profile's role${options.agentPrincipalArn ? `, ${options.agentPrincipalArn}` : ''}`,
          setupStep:
            "Instance profile setup: create an IAM policy with this document, create the EC2 role with it (trusted entity: AWS service, EC2), and launch the instance with that role's instance profile.",
          statementNotes: notes,
          document: document(...statements),
        },
        options.agentAccountId,
      );
    }
    if (options.authType === 'role-based' && options.instanceRoleInOtherAccount) {
      const sid = 'InstanceRoleAssumeAgentRole';
      return withAccount(
        {
          id: 'instance-profile-policy',
          title: "Instance profile role's policy",
          kind: 'identity',
          account: 'agent',
          attachTo: `a customer managed IAM policy attached to the EC2 instance's role, ${options.instanceRoleArn}`,
          setupStep:
            "Role-based setup across accounts: the instance's role lives in another account than the role it assumes, so its own account must allow sts:AssumeRole too.",
          statementNotes: {
            [sid]: `Let the instance's role call sts:AssumeRole on ${options.agentRoleArn}.`,
          },
          document: document({
            Sid: sid,
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: options.agentRoleArn!,
          }),
        },
        parseArn(options.instanceRoleArn!)?.accountId,
      );
    }
    return options.authType === 'role-based' && options.instanceRoleArn
      ? "the instance's role needs no policy of its own: it is in the agent role's account and the trust policy names it"
      : "only instance-profile authentication, or role-based authentication from an instance role in another account, needs a policy on the instance's role";
  },
  'trust-policy': (options) => {
    if (options.authType !== 'role-based' && options.authType !== 'instance-profile') {
      return `authType ${options.authType} assumes no role, so there is no trust policy to write`;
    }
    const { statements, notes, caveats } = trustStatements(options);
    const role = options.agentRoleArn ?? options.agentPrincipalArn ?? "the instance profile's role";
    const step =
      options.authType === 'instance-profile'
        ? "Instance profile setup: the role's trust policy (trusted entity: AWS service, EC2)."
        : 'Role-based setup, step 3: update the role trust policy.';
    return withAccount(
      {
        id: 'trust-policy',
        title: 'Role trust policy',
        kind: 'trust',
        account: 'agent',
        attachTo: `the trust policy (trust relationships) of ${role}`,
        setupStep: caveats.length > 0 ? `${step} ${caveats.join(' ')}` : step,
        statementNotes: notes,
        document: document(...statements),
      },
      options.agentAccountId,
    );
  },
  'kms-key-policy': (options) => {
    if (!options.crossAccount) return crossAccountOnly;
    const { statements, notes } = keyPolicyStatements(options);
    const key = options.kmsKeyArn ?? 'the customer managed key the secrets are encrypted with';
    return withAccount(
      {
        id: 'kms-key-policy',
        title: 'KMS key policy statements for the agent',
        kind: 'key',
        account: 'secrets',
        attachTo: `the key policy of ${key}: add these statements to its existing statements, keeping the one that grants ${accountRoot(options, options.secretsAccountId!)} (key administration)`,
        setupStep:
          "Cross-account setup, step 1 (secrets' account): create a customer managed symmetric key (encrypt and decrypt), give it these key policy statements, and encrypt the secrets with it. The AWS managed key aws/secretsmanager cannot be used across accounts.",
        statementNotes: notes,
        document: document(...statements),
      },
      options.secretsAccountId,
    );
  },
  'secret-resource-policy': (options) => {
    if (!options.crossAccount) return crossAccountOnly;
    const { statements, notes } = secretResourcePolicyStatements(options);
    return withAccount(
      {
        id: 'secret-resource-policy',
        title: "Secret's resource policy",
        kind: 'resource',
        account: 'secrets',
        attachTo: `the resource policy of each secret vaultline reads in account ${options.secretsAccountId} (aws secretsmanager put-resource-policy)`,
        setupStep:
          "Cross-account setup, step 1 (secrets' account): attach a resource policy to each secret.",
        statementNotes: notes,
        document: document(...statements),
      },
      options.secretsAccountId,
    );
  },
  'agent-cross-account-policy': (options) => {
    if (!options.crossAccount) return crossAccountOnly;
    const { statements, notes } = agentCrossAccountStatements(options);
    return withAccount(
      {
        id: 'agent-cross-account-policy',
        title: "Agent's identity policy for the other account",
        kind: 'identity',
        account: 'agent',
        attachTo: `a customer managed IAM policy attached to ${describePrincipal(options)}`,
        setupStep: `Cross-account setup, step 2 (agent's account): attach this identity policy, then verify with: aws kms describe-key --key-id ${keyResource(options)} --region ${options.region}`,
        statementNotes: notes,
        document: document(...statements),
      },
      options.agentAccountId,
    );
  },
};

const crossAccountOnly =
  "the secrets are in the agent's own account (give secretsAccountId, a secret ARN or a key ARN of another account for cross-account documents)";

/**
 * Generates every IAM document the setup needs, in the order people apply them.
 * Within one account: the read policy (or the instance profile role's policy) and, for
 * roles, the trust policy. Across accounts, also the KMS key policy statements and the
 * secret's resource policy (secrets' account) and the agent's identity policy for them.
 *
 * @example
 * const set = generatePolicies({
 *   region: 'us-east-2',
 *   authType: 'role-based',
 *   agentRoleArn: 'arn:aws:iam::444455556666:role/vaultline-agent',
 *   instanceRoleArn: 'arn:aws:iam::444455556666:role/ec2-agent-host',
 *   kmsKeyArn: 'arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 * });
 * set.map((entry) => entry.id);
 * // ['read-policy', 'trust-policy', 'kms-key-policy', 'secret-resource-policy', 'agent-cross-account-policy']
 */
export function generatePolicies(options: PolicyOptions): PolicyDocumentSet {
  const resolved = resolveOptions(options);
  const set: PolicyDocumentSet = [];
  for (const id of POLICY_IDS) {
    const built = BUILDERS[id](resolved);
    if (typeof built !== 'string') set.push(built);
  }
  return set;
}

/**
 * Generates one document; throws a {@link PolicyError} (`NOT_APPLICABLE`) saying why when the
 * setup does not need it.
 *
 * @example
 * generatePolicy('read-policy', { region: 'us-east-2', agentRoleArn: 'arn:aws:iam::111122223333:role/agent' }).document;
 */
export function generatePolicy(id: PolicyId, options: PolicyOptions): PolicyEntry {
  const builder = BUILDERS[id];
  if (!builder) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `unknown policy id '${String(id)}': expected one of ${POLICY_IDS.join(', ')}`,
    );
  }
  const built = builder(resolveOptions(options));
  if (typeof built === 'string')
    throw new PolicyError('NOT_APPLICABLE', `${id} is not part of this setup: ${built}`);
  return built;
}
