import type { PolicySource } from './types.js';

const POLICY_WORDS: Record<PolicySource, string> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  key: 'the key policy',
  trust: 'the role trust policy',
};

/** Who the message names: an ARN, or a service principal. */
export interface MessageSubject {
  callerArn: string;
  action: string;
  resource: string;
}

const head = ({ callerArn, action, resource }: MessageSubject): string =>
  resource === '*'
    ? `User: ${callerArn} is not authorized to perform: ${action}`
    : `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;

const sidText = (sid: string | undefined): string => (sid ? ` (statement '${sid}')` : '');

/**
 * A refusal as AWS words it (`message`, sent in the error body) and the emulator's own
 * account of why (`explanation`: the statement, the near misses), which goes only into the
 * `x-emulator-explanation` response header and the emulator's log, so that no advice built
 * on the emulator can depend on words AWS never sends.
 */
export interface DenialText {
  message: string;
  explanation: string;
}

const AWS_POLICY_WORDS: Record<PolicySource, string> = {
  identity: 'an identity-based policy',
  // AWS calls a secret's resource policy, a key policy and a trust policy all "resource-based".
  resource: 'a resource-based policy',
  key: 'a resource-based policy',
  trust: 'a resource-based policy',
};

/**
 * AWS's wording for an explicit deny; the explanation names the policy and the statement.
 *
 * @example
 * explicitDenyMessage({ callerArn: 'arn:aws:iam::111122223333:user/app', action: 'kms:Decrypt', resource: '*' }, 'identity', 'NoKms').message;
 * // "User: arn:aws:iam::111122223333:user/app is not authorized to perform: kms:Decrypt with an explicit deny in an identity-based policy"
 */
export function explicitDenyMessage(
  subject: MessageSubject,
  policy: PolicySource,
  sid: string | undefined,
): DenialText {
  return {
    message: `${head(subject)} with an explicit deny in ${AWS_POLICY_WORDS[policy]}`,
    explanation: `a Deny statement${sidText(sid)} of ${POLICY_WORDS[policy]} matches`,
  };
}

/**
 * AWS's wording for a missing Allow ("because no identity-based policy allows the X
 * action"; STS names no reason for a trust policy), with what would fix it as the
 * explanation.
 *
 * @example
 * missingAllowMessage(subject, 'identity', 'attach an identity policy that allows it').message;
 */
export function missingAllowMessage(
  subject: MessageSubject,
  policy: PolicySource,
  detail: string,
): DenialText {
  if (policy === 'trust') return { message: head(subject), explanation: detail };
  const kind = policy === 'identity' ? 'identity-based' : 'resource-based';
  return {
    message: `${head(subject)} because no ${kind} policy allows the ${subject.action} action`,
    explanation: detail,
  };
}

/** Text for an allowed decision, naming the policy and statement that granted it. */
export function allowedMessage(
  subject: MessageSubject,
  via: string,
  sid: string | undefined,
): string {
  return `${subject.callerArn} may perform ${subject.action} on ${subject.resource}: allowed by ${via}${sidText(sid)}`;
}

/** Describes near-miss statements (those failing only on Condition) for a message. */
export function nearMissText(nearMisses: { statement: { Sid?: string }; unmet: string }[]): string {
  const first = nearMisses[0];
  if (!first) return '';
  return ` A statement${sidText(first.statement.Sid)} matches the principal and action but its ${first.unmet}.`;
}
