import type { CallerPrincipal, PolicyPrincipal, ServiceCaller } from './types.js';
import { toList } from './values.js';

/**
 * How a statement's Principal covers a caller:
 * - `direct`: names the caller (`*`, its user ARN, its role ARN, its session ARN, its service);
 *   a resource policy that names the caller grants on its own within one account.
 * - `account`: names the caller's account (`111122223333` or `arn:aws:iam::111122223333:root`);
 *   this delegates to the account, whose identity policies must then allow too.
 */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

/** A caller as principals see it: an AWS principal or a service such as ec2.amazonaws.com. */
export type Caller = CallerPrincipal | ServiceCaller;

export const isServiceCaller = (caller: Caller): caller is ServiceCaller =>
  typeof (caller as ServiceCaller).service === 'string';

/** The account a Principal entry delegates to, when it is an account id or a root ARN. */
export function accountOfPrincipalEntry(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  return ROOT_ARN.exec(entry)?.[1];
}

function matchAwsEntry(entry: string, caller: CallerPrincipal): PrincipalMatch {
  if (entry === '*') return 'direct';
  const account = accountOfPrincipalEntry(entry);
  if (account !== undefined) {
    if (account !== caller.accountId) return 'none';
    // The root user itself is the account: a grant to the account names it directly.
    return caller.kind === 'root' ? 'direct' : 'account';
  }
  if (entry === caller.arn) return 'direct';
  if (caller.kind === 'assumed-role' && caller.roleArn !== undefined && entry === caller.roleArn) {
    return 'direct';
  }
  return 'none';
}

const rank: Record<PrincipalMatch, number> = { none: 0, account: 1, direct: 2 };
const best = (a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch => (rank[a] >= rank[b] ? a : b);

/**
 * How a `Principal` element covers `caller`.
 *
 * @example
 * matchPrincipal({ AWS: 'arn:aws:iam::111122223333:role/app' }, {
 *   kind: 'assumed-role', arn: 'arn:aws:sts::111122223333:assumed-role/app/s1',
 *   accountId: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/app',
 * }); // 'direct'
 */
export function matchPrincipal(
  principal: PolicyPrincipal | undefined,
  caller: Caller,
): PrincipalMatch {
  if (principal === undefined || principal === null) return 'none';
  if (principal === '*') return isServiceCaller(caller) ? 'none' : 'direct';
  if (typeof principal !== 'object') return 'none';
  if (isServiceCaller(caller)) {
    const services = toList(principal.Service).map((service) => service.toLowerCase());
    return services.includes(caller.service.toLowerCase()) || services.includes('*')
      ? 'direct'
      : 'none';
  }
  let result: PrincipalMatch = 'none';
  for (const entry of toList(principal.AWS)) result = best(result, matchAwsEntry(entry, caller));
  return result;
}

/**
 * `NotPrincipal`: covers every caller the listed principals do not name. A caller named
 * directly or through its account (or, for a session, through its role) is excluded.
 *
 * @example
 * matchNotPrincipal({ AWS: 'arn:aws:iam::111122223333:root' }, someCallerOfOtherAccount); // true
 */
export function matchNotPrincipal(principal: PolicyPrincipal | undefined, caller: Caller): boolean {
  if (principal === undefined || principal === null) return false;
  return matchPrincipal(principal, caller) === 'none';
}
