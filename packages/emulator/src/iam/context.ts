import type { CallerPrincipal, StringOrList } from './types.js';

/**
 * The global condition keys AWS derives from the caller (aws:PrincipalArn is the role's ARN
 * for an assumed role, not the session's).
 *
 * @example
 * principalContext({ kind: 'user', arn: 'arn:aws:iam::111122223333:user/app', accountId: '111122223333' });
 * // { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/app', 'aws:PrincipalAccount': '111122223333', 'aws:PrincipalType': 'User', 'aws:username': 'app', 'kms:CallerAccount': '111122223333' }
 */
export function principalContext(principal: CallerPrincipal): Record<string, StringOrList> {
  const context: Record<string, StringOrList> = {
    'aws:PrincipalAccount': principal.accountId,
    'kms:CallerAccount': principal.accountId,
  };
  if (principal.kind === 'root') {
    context['aws:PrincipalArn'] = principal.arn;
    context['aws:PrincipalType'] = 'Account';
  } else if (principal.kind === 'user') {
    context['aws:PrincipalArn'] = principal.arn;
    context['aws:PrincipalType'] = 'User';
    const name = principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
    if (name) context['aws:username'] = name;
  } else {
    context['aws:PrincipalArn'] = principal.roleArn ?? principal.arn;
    context['aws:PrincipalType'] = 'AssumedRole';
  }
  if (principal.userId) context['aws:userid'] = principal.userId;
  return context;
}
