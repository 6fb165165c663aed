import { principalContext } from './context.js';
import {
  allowedMessage,
  type DenialText,
  explicitDenyMessage,
  type MessageSubject,
  missingAllowMessage,
  nearMissText,
} from './messages.js';
import { type ScanTarget, scanStatements, strongestHit } from './statements.js';
import type {
  AuthorizationRequest,
  CallerPrincipal,
  Decision,
  PolicyDocument,
  PolicySource,
} from './types.js';
import { toContext } from './values.js';

/** The ARN a policy would name for this caller: the role for a session, else the caller. */
export const policyArnOf = (principal: CallerPrincipal): string =>
  principal.kind === 'assumed-role' && principal.roleArn ? principal.roleArn : principal.arn;

const rootOf = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/**
 * Decides one action by one caller on one resource, as AWS's policy evaluation does for
 * Secrets Manager and KMS: explicit Deny wins; within one account an identity policy or a
 * resource policy naming the caller suffices; across accounts both must allow; a KMS key
 * policy is authoritative and lets identity policies count only when it grants the account root.
 *
 * @example
 * const decision = authorize({
 *   principal: { kind: 'assumed-role', arn: 'arn:aws:sts::222233334444:assumed-role/agent/s1', accountId: '222233334444', roleArn: 'arn:aws:iam::222233334444:role/agent' },
 *   action: 'kms:Decrypt',
 *   resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 *   resourceAccountId: '111122223333',
 *   identityPolicies: [],
 *   resourcePolicy: keyPolicy,
 *   resourcePolicyKind: 'kms-key',
 *   context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
 * });
 * decision.reason; // 'no-identity-allow' when the agent's role has no policy allowing kms:Decrypt
 */
export function authorize(request: AuthorizationRequest): Decision {
  const { principal, action, resource } = request;
  const isKey = request.resourcePolicyKind === 'kms-key';
  const resourceSource: PolicySource = isKey ? 'key' : 'resource';
  const context = toContext(principalContext(principal), request.context);
  const subject: MessageSubject = {
    callerArn: principal.arn,
    action,
    resource: request.messageResource ?? resource,
  };
  const identityPolicies = Array.isArray(request.identityPolicies) ? request.identityPolicies : [];
  const identityTarget = { action, resource, context };
  const resourceTarget = { ...identityTarget, caller: principal };

  const deny =
    explicitDeny(identityPolicies, identityTarget, subject, 'identity') ??
    explicitDeny([request.resourcePolicy], resourceTarget, subject, resourceSource);
  if (deny) return deny;

  const identityScan = scanStatements(identityPolicies, 'Allow', identityTarget);
  const resourceScan = scanStatements([request.resourcePolicy], 'Allow', resourceTarget);
  const evaluation = new Evaluation(request, subject, identityScan, resourceScan);
  if (isKey) return evaluation.forKey();
  return principal.accountId === request.resourceAccountId
    ? evaluation.sameAccount()
    : evaluation.crossAccount();
}

type Scan = ReturnType<typeof scanStatements>;

/** The allow side of one request, after no explicit deny matched: who allows it, and why not. */
class Evaluation {
  readonly who: string;
  readonly identityHit: Scan['hits'][number] | undefined;
  readonly identityAllows: boolean;
  readonly resourceHit: ReturnType<typeof strongestHit>;

  constructor(
    readonly request: AuthorizationRequest,
    readonly subject: MessageSubject,
    readonly identityScan: Scan,
    readonly resourceScan: Scan,
  ) {
    this.who = policyArnOf(request.principal);
    this.identityHit = identityScan.hits[0];
    // The root user holds every permission of its own account; it has no identity policies.
    this.identityAllows = request.principal.kind === 'root' || this.identityHit !== undefined;
    this.resourceHit = strongestHit(resourceScan.hits);
  }

  /** KMS: the key policy is authoritative; identity policies count when it grants the root. */
  forKey(): Decision {
    const { principal, resource, resourceAccountId, action } = this.request;
    const sameAccount = principal.accountId === resourceAccountId;
    if (!sameAccount && this.request.keyManager === 'AWS') {
      return this.#keyDenied(
        `${resource} is an AWS managed key of account ${resourceAccountId}, and AWS managed keys can never be used from another account (caller account ${principal.accountId}); encrypt the secret with a customer managed key whose key policy allows ${this.who}`,
      );
    }
    if (!this.resourceHit) {
      const identityNote =
        this.identityAllows && principal.kind !== 'root'
          ? ' An identity-based policy does allow it, but identity-based policies count for a KMS key only when its key policy grants the account root.'
          : '';
      return this.#keyDenied(
        `the key policy of ${resource} does not allow ${this.who}: it neither names the principal nor grants its account root ${rootOf(principal.accountId)}.${identityNote}${nearMissText(this.resourceScan.nearMisses)}`,
      );
    }
    if (sameAccount && this.resourceHit.principal === 'direct') {
      return allowedDecision(this.subject, 'the key policy', this.resourceHit.statement.Sid);
    }
    if (!this.identityAllows) {
      return this.#identityGap(
        sameAccount
          ? `the key policy grants the account root ${rootOf(resourceAccountId)}, which delegates to IAM, but no identity-based policy attached to ${this.who} allows ${action} on ${resource}.`
          : `the key policy in account ${resourceAccountId} allows it, but across accounts the caller's own account must allow it too: no identity-based policy attached to ${this.who} allows ${action} on ${resource}.`,
      );
    }
    return this.#identityVia();
  }

  /** Same account: an identity policy or a resource policy naming the principal suffices. */
  sameAccount(): Decision {
    const { action, resource, resourceAccountId } = this.request;
    if (this.identityAllows) return this.#identityVia();
    if (this.resourceHit?.principal === 'direct') {
      return allowedDecision(this.subject, 'the resource policy', this.resourceHit.statement.Sid);
    }
    const resourceNote =
      this.resourceHit?.principal === 'account'
        ? `the resource policy grants the account root ${rootOf(resourceAccountId)}, which delegates to identity-based policies, and none attached to ${this.who} allows ${action} on ${resource}.`
        : `no identity-based policy attached to ${this.who} allows ${action} on ${resource}, and no resource policy names it.`;
    return this.#identityGap(`${resourceNote}${nearMissText(this.resourceScan.nearMisses)}`);
  }

  /** Across accounts both the resource policy and the caller's identity policy must allow. */
  crossAccount(): Decision {
    const { action, resource, resourceAccountId } = this.request;
    if (!this.resourceHit) {
      const identityNote = this.identityAllows
        ? ''
        : ` No identity-based policy attached to ${this.who} allows it either.`;
      return denied(
        'no-resource-allow',
        'resource',
        undefined,
        missingAllowMessage(
          this.subject,
          'resource',
          `${resource} belongs to account ${resourceAccountId} and its resource policy does not allow ${this.who}; across accounts both the resource policy and the caller's identity-based policy must allow the action.${identityNote}${nearMissText(this.resourceScan.nearMisses)}`,
        ),
      );
    }
    if (!this.identityAllows) {
      return this.#identityGap(
        `the resource policy of ${resource} in account ${resourceAccountId} allows it, but across accounts the caller's own account must allow it too: no identity-based policy attached to ${this.who} allows ${action} on ${resource}.`,
      );
    }
    return this.#identityVia();
  }

  #keyDenied(detail: string): Decision {
    return denied(
      'key-policy-denies',
      'key',
      undefined,
      missingAllowMessage(this.subject, 'key', detail),
    );
  }

  #identityGap(detail: string): Decision {
    return denied(
      'no-identity-allow',
      'identity',
      undefined,
      missingAllowMessage(
        this.subject,
        'identity',
        `${detail}${nearMissText(this.identityScan.nearMisses)}`,
      ),
    );
  }

  #identityVia(): Decision {
    return allowedDecision(
      this.subject,
      this.identityHit ? 'an identity-based policy' : 'the root user of the account',
      this.identityHit?.statement.Sid,
    );
  }
}

/**
 * The explicit-deny decision when a Deny statement of `documents` matches `target`, else
 * undefined. An explicit deny wins over any allow, so every evaluation checks it first.
 */
export function explicitDeny(
  documents: (PolicyDocument | undefined)[],
  target: ScanTarget,
  subject: MessageSubject,
  policy: PolicySource,
): Decision | undefined {
  const hit = scanStatements(documents, 'Deny', target).hits[0];
  if (!hit) return undefined;
  const sid = hit.statement.Sid;
  return denied('explicit-deny', policy, sid, explicitDenyMessage(subject, policy, sid));
}

/** A denial with the reason, the policy it points at and AWS-style text. */
export function denied(
  reason: Exclude<Decision['reason'], 'allowed'>,
  policy: PolicySource,
  statementSid: string | undefined,
  text: DenialText,
): Decision {
  const decision: Decision = {
    allowed: false,
    reason,
    policy,
    message: text.message,
    explanation: text.explanation,
  };
  if (statementSid) decision.statementSid = statementSid;
  return decision;
}

export function allowedDecision(
  subject: MessageSubject,
  via: string,
  statementSid: string | undefined,
): Decision {
  const decision: Decision = {
    allowed: true,
    reason: 'allowed',
    message: allowedMessage(subject, via, statementSid),
  };
  if (statementSid) decision.statementSid = statementSid;
  return decision;
}
