import { allowedDecision, denied, explicitDeny, policyArnOf } from './authorize.js';
import { principalContext } from './context.js';
import { type MessageSubject, missingAllowMessage, nearMissText } from './messages.js';
import { isServiceCaller } from './principal.js';
import { scanStatements, strongestHit } from './statements.js';
import type { AssumeRoleRequest, Decision } from './types.js';
import { toContext } from './values.js';

const ASSUME_ROLE = 'sts:AssumeRole';

/**
 * Decides `sts:AssumeRole`: the role's trust policy must allow the caller (with its
 * `sts:ExternalId` conditions). Within one account a trust policy naming the caller (or its
 * role) suffices, while a trust of the account root also needs the caller's identity policy to
 * allow `sts:AssumeRole` on the role; across accounts both are always needed. A role assuming
 * itself must be named explicitly in its own trust policy.
 *
 * @example
 * authorizeAssumeRole({
 *   caller: { service: 'ec2.amazonaws.com' },
 *   roleArn: 'arn:aws:iam::111122223333:role/agent',
 *   roleAccountId: '111122223333',
 *   trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
 *   callerIdentityPolicies: [],
 * }).allowed; // true
 */
export function authorizeAssumeRole(request: AssumeRoleRequest): Decision {
  const { caller, roleArn, roleAccountId } = request;
  const service = isServiceCaller(caller);
  const context = toContext(
    service ? undefined : principalContext(caller),
    request.externalId !== undefined ? { 'sts:ExternalId': request.externalId } : undefined,
    request.context,
  );
  const subject: MessageSubject = {
    callerArn: service ? caller.service : caller.arn,
    action: ASSUME_ROLE,
    resource: roleArn,
  };
  const trustDenied = (why: string): Decision =>
    denied('no-trust-allow', 'trust', undefined, missingAllowMessage(subject, 'trust', why));
  const trustTarget = { action: ASSUME_ROLE, resource: roleArn, context, caller };

  const trustDeny = explicitDeny([request.trustPolicy], trustTarget, subject, 'trust');
  if (trustDeny) return trustDeny;
  const trustScan = scanStatements([request.trustPolicy], 'Allow', trustTarget);
  const trustHit = strongestHit(trustScan.hits);

  if (service) {
    if (trustHit) return allowedDecision(subject, 'the role trust policy', trustHit.statement.Sid);
    return trustDenied(
      `the trust policy of ${roleArn} does not trust the service principal ${caller.service}.${nearMissText(trustScan.nearMisses)}`,
    );
  }

  const who = policyArnOf(caller);
  const identityPolicies = Array.isArray(request.callerIdentityPolicies)
    ? request.callerIdentityPolicies
    : [];
  const identityTarget = { action: ASSUME_ROLE, resource: roleArn, context };
  const identityDeny = explicitDeny(identityPolicies, identityTarget, subject, 'identity');
  if (identityDeny) return identityDeny;
  const identityScan = scanStatements(identityPolicies, 'Allow', identityTarget);
  const identityHit = identityScan.hits[0];
  const identityAllows = caller.kind === 'root' || identityHit !== undefined;
  const sameAccount = caller.accountId === roleAccountId;
  const selfAssume = caller.kind === 'assumed-role' && caller.roleArn === roleArn;

  if (!trustHit) {
    return trustDenied(
      `the trust policy of ${roleArn} allows neither ${who} nor its account root arn:aws:iam::${caller.accountId}:root to call ${ASSUME_ROLE}.${nearMissText(trustScan.nearMisses)}`,
    );
  }
  if (selfAssume && trustHit.principal !== 'direct') {
    return trustDenied(
      `a role assuming itself must be named explicitly in its own trust policy (Principal AWS ${roleArn}); trusting the account root is not enough.`,
    );
  }
  if (sameAccount && trustHit.principal === 'direct') {
    return allowedDecision(subject, 'the role trust policy', trustHit.statement.Sid);
  }
  if (!identityAllows) {
    const why = sameAccount
      ? `the trust policy of ${roleArn} trusts the account root, which delegates to identity-based policies, and none attached to ${who} allows ${ASSUME_ROLE} on ${roleArn}.`
      : `the trust policy of ${roleArn} in account ${roleAccountId} allows it, but across accounts the caller's own account must allow it too: no identity-based policy attached to ${who} allows ${ASSUME_ROLE} on ${roleArn}.`;
    return denied(
      'no-identity-allow',
      'identity',
      undefined,
      missingAllowMessage(subject, 'identity', `${why}${nearMissText(identityScan.nearMisses)}`),
    );
  }
  return allowedDecision(
    subject,
    identityHit ? 'the role trust policy and an identity-based policy' : 'the role trust policy',
    identityHit?.statement.Sid ?? trustHit.statement.Sid,
  );
}
