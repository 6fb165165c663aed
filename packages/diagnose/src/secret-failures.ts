import { adviceFor } from '@vaultline/resolver';
import { type AwsFailure, deniedBy, isExplicitDeny } from './classify.js';
import { explicitDenyOutcome } from './deny-findings.js';
import { documentFor, readDocumentOf, remedyFor } from './documents.js';
import type { AgentSession } from './identity.js';
import type { StepOutcome } from './runner.js';
import { type SecretState, secretFacts } from './secret-state.js';

/** A Secrets Manager or KMS failure other than a refusal: not found, deleted, or AWS unreachable. */
export function otherFailure(action: string, failure: AwsFailure, region: string): StepOutcome {
  if (failure.classified.kind === 'secret-not-found') {
    return {
      status: 'fail',
      problem: 'SECRET_NOT_FOUND',
      finding: `${action}: Secrets Manager in ${region} has no such secret. AWS said: ${failure.message}`,
      remedy: `Check the name, and that the secret exists in ${region} (the vault's region): a secret in another region is not found from this region's endpoint, and a secret in another account must be referenced by its full ARN.`,
    };
  }
  if (failure.classified.kind === 'version-not-found') {
    return {
      status: 'fail',
      problem: 'VERSION_NOT_FOUND',
      finding: `${action}: the secret exists, but not the version the reference names. AWS said: ${failure.message}`,
      remedy: `${adviceFor(failure.classified, { region }) ?? ''}`.replace(/^t/, 'T'),
    };
  }
  if (failure.classified.kind === 'secret-deleted') {
    return {
      status: 'fail',
      problem: 'SECRET_DELETED',
      finding: `${action}: the secret is scheduled for deletion. AWS said: ${failure.message}`,
      remedy:
        'Restore it (aws secretsmanager restore-secret) or reference the secret that replaces it.',
    };
  }
  const unavailable = ['unavailable', 'timeout', 'throttled'].includes(failure.classified.kind);
  return {
    status: 'fail',
    problem: unavailable ? 'UNAVAILABLE' : 'UNKNOWN',
    finding: `${action} failed: ${failure.name}: ${failure.message}`,
    remedy: unavailable
      ? 'Check network access to the Secrets Manager endpoint, then run diagnose again.'
      : (adviceFor(failure.classified, { region }) ?? 'Run diagnose again with --verbose.'),
  };
}

/** A refused DescribeSecret or GetSecretValue (not KMS): identity policy or resource policy. */
export function secretDenied(
  action: string,
  failure: AwsFailure,
  state: SecretState,
  session: AgentSession,
): StepOutcome {
  const said = `AWS said: ${failure.message}`;
  const facts = session.facts;
  const what = `${action} on secret '${state.target.secretId}'`;
  if (isExplicitDeny(failure)) {
    return explicitDenyOutcome(what, failure, {
      secretId: state.target.secretId,
      region: facts.region,
      secretArn: state.fullArn,
    });
  }
  if (!state.crossAccount) {
    const read = readDocumentOf(facts.authType);
    const document = documentFor(read.id, `${read.prefix}ReadSecrets`, facts, secretFacts(state));
    return {
      status: 'fail',
      problem: 'IDENTITY_POLICY_MISSING_READ',
      finding: `${what} was denied: no identity-based policy of ${session.identity.arn} allows it. ${said}`,
      document,
      remedy: remedyFor(document, `Allow ${action} on the secret for the agent.`),
    };
  }
  const side = deniedBy(failure);
  if (side === 'identity') {
    const document = documentFor(
      'agent-cross-account-policy',
      'AgentPolicyReadCrossAccountSecrets',
      facts,
      secretFacts(state),
    );
    return {
      status: 'fail',
      problem: 'IDENTITY_POLICY_MISSING_READ',
      finding: `${what} was denied by the agent's own account: the secret's resource policy allows it, but no identity-based policy of the agent allows ${action} on this secret of account ${state.secretsAccountId}. ${said}`,
      document,
      remedy: remedyFor(document, `Allow ${action} on the secret in the agent's identity policy.`),
    };
  }
  const document = documentFor(
    'secret-resource-policy',
    'SecretPolicyAgentRead',
    facts,
    secretFacts(state),
  );
  return {
    status: 'fail',
    problem: 'RESOURCE_POLICY_MISSING_AGENT',
    finding:
      side === 'resource'
        ? `${what} was denied by account ${state.secretsAccountId}: the secret's resource policy does not allow the agent ${facts.agentRoleArn ?? facts.agentUserArn ?? session.identity.arn}. ${said}`
        : `${what} was denied; across accounts both the secret's resource policy and the agent's identity policy must allow it, and AWS does not say which one does not. ${said}`,
    document,
    remedy: `${remedyFor(document, 'Attach a resource policy to the secret that allows the agent.')}${side === 'resource' ? '' : " Also check statement 'AgentPolicyReadCrossAccountSecrets' of agent-cross-account-policy."}`,
  };
}
