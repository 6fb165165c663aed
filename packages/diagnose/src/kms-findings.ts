import { awsServiceHost } from '@vaultline/secret-names';
import { type AwsFailure, deniedBy, isExplicitDeny } from './classify.js';
import { explicitDenyOutcome } from './deny-findings.js';
import {
  documentFor,
  readDocumentOf,
  remedyFor,
  type SecretFacts,
  type SetupFacts,
} from './documents.js';
import { fixOfDocument, type StepOutcome } from './runner.js';

/** What is known about one secret's location and key when a KMS call is refused. */
export interface KeyContext {
  secretId: string;
  crossAccount: boolean;
  /** True when the secret is known to use the AWS managed key aws/secretsmanager. */
  awsManagedKey: boolean;
  keyArn?: string | undefined;
  facts: SetupFacts;
  secret: SecretFacts;
}

/** The AWS managed key shared across accounts: no policy can fix it, only another key. */
export function awsManagedKeyOutcome(context: KeyContext, observed: string): StepOutcome {
  const account = context.secret.secretsAccountId ?? 'of the secrets';
  const secretArn = context.secret.secretArn;
  const region = secretArn?.split(':')[3] ?? context.facts.region;
  // A customer managed key the config names (vault.kmsKeyArns) in the secret's account and
  // region: the fix gives it the agent's statements and re-encrypts the secret with it.
  const key = context.facts.kmsKeyArns?.find(
    (arn) => arn.split(':')[4] === context.secret.secretsAccountId && arn.split(':')[3] === region,
  );
  const document = documentFor('kms-key-policy', undefined, context.facts, {
    ...context.secret,
    kmsKeyArn: key,
  });
  const reencrypt =
    key && secretArn
      ? `aws secretsmanager update-secret --secret-id ${secretArn} --kms-key-id ${key} --region ${region}`
      : undefined;
  const finding = `${observed}: secret '${context.secretId}' is encrypted with the AWS managed key aws/secretsmanager of account ${account}, which can never be used from another account`;
  if (document?.target && reencrypt) {
    return {
      status: 'fail',
      problem: 'AWS_MANAGED_KEY_CROSS_ACCOUNT',
      finding,
      document,
      remedy: `${remedyFor(document, '')} Then re-encrypt the secret with that key (vault.kmsKeyArns names it): ${reencrypt}`,
      fix: { ...fixOfDocument(document), also: [{ action: 'run-command', command: reencrypt }] },
    };
  }
  return {
    status: 'fail',
    problem: 'AWS_MANAGED_KEY_CROSS_ACCOUNT',
    finding,
    document,
    remedy:
      `Create a customer managed symmetric key in account ${account}, give it the key policy statements below, and re-encrypt the secret with it (aws secretsmanager update-secret --secret-id <secret> --kms-key-id <key ARN>); list the key in vault.kmsKeyArns and doctor prints the exact commands. ${remedyFor(document, '')}`.trim(),
  };
}

/**
 * A refused kms:Decrypt (inside GetSecretValue) or kms:DescribeKey, explained: the AWS
 * managed key across accounts, the key policy not naming the agent, or the agent's own
 * policy not allowing the action. AWS's text tells the side when it says "no
 * identity-based policy" or "no resource-based policy"; otherwise both are named.
 */
export function kmsDeniedOutcome(
  action: 'kms:Decrypt' | 'kms:DescribeKey',
  failure: AwsFailure,
  context: KeyContext,
): StepOutcome {
  const said = `AWS said: ${failure.message}`;
  const key = context.keyArn ?? "the secret's KMS key";
  if (isExplicitDeny(failure)) {
    return explicitDenyOutcome(`${action} on ${key}`, failure, {
      secretId: context.secretId,
      region: context.facts.region,
    });
  }
  if (context.crossAccount && context.awsManagedKey) {
    return awsManagedKeyOutcome(context, `${action} was denied (${said})`);
  }
  const side = deniedBy(failure);
  if (context.crossAccount) return crossAccountKmsOutcome(action, failure, context, side);
  const read = readDocumentOf(context.facts.authType);
  const sid = `${read.prefix}DecryptWithSecretsKey`;
  const document = documentFor(read.id, sid, context.facts, context.secret);
  if (side === 'resource') {
    return {
      status: 'fail',
      problem: 'KEY_POLICY_MISSING_AGENT',
      finding: `${action} on ${key} was denied by its key policy: it grants neither the agent nor the account root (which would let IAM policies decide). ${said}`,
      remedy: `Add a statement to the key policy of ${key} that allows kms:Decrypt for the agent (condition kms:ViaService ${awsServiceHost('secretsmanager', context.facts.region)}), or that grants the account root so that statement '${sid}' of ${read.id} takes effect.`,
    };
  }
  return {
    status: 'fail',
    problem: side === 'identity' ? 'IDENTITY_POLICY_MISSING_KMS_DECRYPT' : 'KMS_ACCESS_DENIED',
    finding:
      side === 'identity'
        ? `${action} on ${key} was denied: the key policy delegates to IAM, but no identity-based policy of the agent allows ${action} on the key. ${said}`
        : `${action} on ${key} was denied; AWS does not say whether the key policy or the agent's identity policy is missing the permission. ${said}`,
    document,
    remedy: remedyFor(document, `Allow ${action} on ${key} for the agent.`),
  };
}

/** A refused KMS call on the key of another account's secret: key policy, agent policy, or both. */
function crossAccountKmsOutcome(
  action: 'kms:Decrypt' | 'kms:DescribeKey',
  failure: AwsFailure,
  context: KeyContext,
  side: ReturnType<typeof deniedBy>,
): StepOutcome {
  const said = `AWS said: ${failure.message}`;
  const key = context.keyArn ?? "the secret's KMS key";
  const decrypt = action === 'kms:Decrypt';
  const keySid = decrypt ? 'KeyPolicyAgentDecryptViaSecretsManager' : 'KeyPolicyAgentDescribeKey';
  const agentSid = decrypt
    ? 'AgentPolicyDecryptCrossAccountKey'
    : 'AgentPolicyDescribeCrossAccountKey';
  const agentDocument = documentFor(
    'agent-cross-account-policy',
    agentSid,
    context.facts,
    context.secret,
  );
  if (side === 'identity') {
    const document = agentDocument;
    return {
      status: 'fail',
      problem: decrypt
        ? 'IDENTITY_POLICY_MISSING_KMS_DECRYPT'
        : 'IDENTITY_POLICY_MISSING_KMS_DESCRIBE_KEY',
      finding: `${action} on ${key} was denied by the agent's own account: the key policy allows it, but no identity-based policy of the agent allows ${action} on the key. ${said}`,
      document,
      remedy: remedyFor(document, `Allow ${action} on ${key} in the agent's identity policy.`),
    };
  }
  const document = documentFor('kms-key-policy', keySid, context.facts, context.secret);
  if (side === 'resource') {
    return {
      status: 'fail',
      problem: 'KEY_POLICY_MISSING_AGENT',
      finding: `${action} on ${key} was denied by the key policy in account ${context.secret.secretsAccountId ?? 'of the secrets'}: it does not allow the agent${decrypt ? ' to decrypt through Secrets Manager' : ' to describe the key'}. ${said}`,
      document,
      remedy: remedyFor(document, `Add the agent to the key policy of ${key} for ${action}.`),
    };
  }
  // AWS does not say which of the two refused: the fix adds both statements (adding one
  // that is already there changes nothing, as it replaces the statement with its Sid).
  const fix =
    document && agentDocument
      ? { ...fixOfDocument(document), also: [fixOfDocument(agentDocument)] }
      : undefined;
  return {
    status: 'fail',
    problem: 'KMS_ACCESS_DENIED',
    finding: `${action} on ${key} was denied; AWS does not say whether the key policy or the agent's identity policy is missing the permission. ${said}`,
    document,
    fix,
    remedy:
      `${remedyFor(document, '')} Also check statement '${agentSid}' of agent-cross-account-policy${agentDocument ? ` (${agentDocument.attachTo})` : ''}.`.trim(),
  };
}
