import { AUTH_HINTS, toAuthError } from '@vaultline/auth';
import { awsCauseOf, failureOf, mentionsExternalId } from './classify.js';
import { documentFor, remedyFor, type SetupFacts } from './documents.js';
import type { DiagnoseVault } from './identity.js';
import type { StepOutcome } from './runner.js';

/** A failed sign-in, explained with auth's code and hint. */
export function authFailure(error: unknown, fallbackFacts: SetupFacts, what: string): StepOutcome {
  const authError = toAuthError(error);
  if (authError.hint === AUTH_HINTS.instanceRoleTrust) {
    const document =
      fallbackFacts.authType === 'instance-profile'
        ? documentFor('trust-policy', 'TrustEc2Service', fallbackFacts)
        : undefined;
    return {
      status: 'fail',
      problem: 'INSTANCE_ROLE_NOT_TRUSTED_BY_EC2',
      finding: `${what} failed: the instance metadata service has a role for this instance but EC2 may not assume it (${authError.message})`,
      document,
      remedy: remedyFor(document, authError.hint),
    };
  }
  const unavailable = ['CREDENTIALS_UNAVAILABLE', 'IMDS_UNREACHABLE'].includes(authError.code);
  return {
    status: 'fail',
    problem: unavailable ? 'CREDENTIALS_UNAVAILABLE' : 'AUTH_FAILED',
    finding: `${what} failed (${authError.code}): ${authError.message}`,
    remedy: authError.hint,
  };
}

/** AssumeRole denied: the trust policy does not name the caller, or the ExternalId is off. */
export function assumeRoleFailure(
  error: unknown,
  vault: DiagnoseVault,
  facts: SetupFacts,
): StepOutcome {
  const authError = toAuthError(error);
  if (authError.code !== 'ASSUME_ROLE_DENIED') return authFailure(error, facts, 'sts:AssumeRole');
  const failure = failureOf(awsCauseOf(error));
  const roleArn = vault.authType === 'role-based' ? vault.iamRole : 'the role';
  const selfAssume =
    facts.instanceRoleArn !== undefined && facts.instanceRoleArn === facts.agentRoleArn;
  const sid = facts.instanceRoleArn
    ? selfAssume
      ? 'TrustSelfAssume'
      : 'TrustInstanceRole'
    : 'TrustEc2Service';
  const document = documentFor('trust-policy', sid, facts);
  const caller = facts.instanceRoleArn ?? 'the instance role';
  if (mentionsExternalId(failure)) {
    return {
      status: 'fail',
      problem: 'EXTERNAL_ID_MISMATCH',
      finding: `sts:AssumeRole on ${roleArn} was denied: the trust policy names ${caller}, but its sts:ExternalId condition does not match ${vault.externalId ? 'the configured externalId' : 'the request, which sent no externalId'}. AWS said: ${failure.message}`,
      document,
      remedy: vault.externalId
        ? `Make vault.externalId equal the sts:ExternalId value of the trust policy of ${roleArn} (or update the policy). ${remedyFor(document, '')}`.trim()
        : `Set vault.externalId to the sts:ExternalId value the trust policy of ${roleArn} requires.`,
    };
  }
  const precise = /allows neither|does not trust|trust policy of/.test(failure.message);
  return {
    status: 'fail',
    problem: precise ? 'TRUST_POLICY_MISSING_CALLER' : 'ASSUME_ROLE_DENIED',
    finding: precise
      ? `sts:AssumeRole on ${roleArn} was denied: its trust policy does not allow ${caller}. AWS said: ${failure.message}`
      : `sts:AssumeRole on ${roleArn} was denied: the trust policy does not allow ${caller}${vault.externalId ? ', or its sts:ExternalId condition differs from the configured externalId' : ''} (AWS does not say which). AWS said: ${failure.message}`,
    document,
    remedy: remedyFor(document, authError.hint),
  };
}
