import { AUTH_HINTS, toAuthError } from '@vaultline/auth';
import { adviceFor } from '@vaultline/resolver';
import { awsCauseOf, deniedBy, failureOf, isExplicitDeny } from './classify.js';
import { explicitDenyOutcome } from './deny-findings.js';
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
  const failure = failureOf(awsCauseOf(error), 'AssumeRole');
  const roleArn = vault.authType === 'role-based' ? vault.iamRole : 'the role';
  const selfAssume =
    facts.instanceRoleArn !== undefined && facts.instanceRoleArn === facts.agentRoleArn;
  const sid = facts.instanceRoleArn
    ? selfAssume
      ? 'TrustSelfAssume'
      : 'TrustInstanceRole'
    : facts.sourcePrincipalArn
      ? 'TrustSourcePrincipal'
      : 'TrustEc2Service';
  const document = documentFor('trust-policy', sid, facts);
  const caller = facts.instanceRoleArn ?? facts.sourcePrincipalArn ?? 'the instance role';
  if (isExplicitDeny(failure)) {
    return explicitDenyOutcome(`sts:AssumeRole on ${roleArn}`, failure, { region: facts.region });
  }
  if (deniedBy(failure) === 'identity') {
    return {
      status: 'fail',
      problem: 'ASSUME_ROLE_DENIED',
      finding: `sts:AssumeRole on ${roleArn} was denied: no identity-based policy of ${caller} allows it. AWS said: ${failure.message}`,
      remedy:
        adviceFor(failure.classified, { region: facts.region }) ??
        `Allow sts:AssumeRole on ${roleArn} for ${caller}.`,
    };
  }
  // AWS names no reason for a trust policy refusal: the principal and the sts:ExternalId
  // condition are fixed together by the statement that trusts the caller with the
  // configured external id.
  const externalId = vault.authType === 'role-based' ? vault.externalId : undefined;
  return {
    status: 'fail',
    problem: 'TRUST_POLICY_MISSING_CALLER',
    finding: `sts:AssumeRole on ${roleArn} was denied: its trust policy does not allow ${caller}${externalId ? ' with the configured externalId' : ' (a request without sts:ExternalId)'}; AWS does not say whether the principal or an sts:ExternalId condition is the cause. AWS said: ${failure.message}`,
    document,
    remedy:
      `${remedyFor(document, authError.hint ?? '')} ${externalId ? `Its sts:ExternalId condition must equal vault.externalId ('${externalId}').` : 'If the trust policy requires an sts:ExternalId, set vault.externalId to it, or use the statement above, which requires none.'}`.trim(),
  };
}
