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
 * AWS's wording for an explicit deny, naming the policy kind and the statement.
 *
 * @example
 * explicitDenyMessage({ callerArn: 'arn:aws:iam::111122223333:user/app', action: 'kms:Decrypt', resource: '*' }, 'identity', 'NoKms');
 * // "User: arn:aws:iam::111122223333:user/app is not authorized to perform: kms:Decrypt with an explicit deny in an identity-based policy (statement 'NoKms')"
 */
export function explicitDenyMessage(
  subject: MessageSubject,
  policy: PolicySource,
  sid: string | undefined,
): string {
  return `${head(subject)} with an explicit deny in ${POLICY_WORDS[policy]}${sidText(sid)}`;
}

/**
 * AWS's wording for a missing Allow ("because no identity-based policy allows the X action"),
 * followed by what would fix it.
 *
 * @example
 * missingAllowMessage(subject, 'identity', 'attach an identity policy that allows it');
 */
export function missingAllowMessage(
  subject: MessageSubject,
  policy: PolicySource,
  detail: string,
): string {
  const kind = policy === 'identity' ? 'identity-based' : 'resource-based';
  const because = `because no ${kind} policy allows the ${subject.action} action`;
  return `${head(subject)} ${because}${detail ? `: ${detail}` : ''}`;
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
