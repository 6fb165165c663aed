import { type AccessDenial, adviceFor } from '@vaultline/resolver';
import { type AwsFailure, denialOf } from './classify.js';
import { roleArnOfSession } from './documents.js';
import type { StepOutcome } from './runner.js';
import type { DiagnoseFixTarget } from './types.js';

/**
 * The document holding the Deny, by ARN: the caller's identity policies (an assumed role's
 * session stands for its role), or the secret's, key's or role's own policy.
 */
function denyTarget(denial: AccessDenial, secretArn?: string): DiagnoseFixTarget | undefined {
  const { document, principalArn } = denial;
  // Secrets Manager names the secret as the request did (a name, say); the secret's ARN,
  // when DescribeSecret told it, says whose resource policy holds the Deny.
  const named = denial.resourceArn;
  const resourceArn =
    named && !named.startsWith('arn:') && denial.action?.startsWith('secretsmanager:')
      ? (secretArn ?? named)
      : named;
  if (document === 'identity-policy' && principalArn) {
    return { document, arn: roleArnOfSession(principalArn) ?? principalArn };
  }
  if (!resourceArn) return undefined;
  if (document === 'key-policy') return { document, arn: resourceArn };
  if (document === 'trust-policy') return { document, arn: resourceArn };
  if (document === 'resource-policy' && resourceArn.includes(':secretsmanager:')) {
    return { document: 'secret-resource-policy', arn: resourceArn };
  }
  return undefined;
}

/**
 * An explicit Deny, as AWS named it: the finding says which document refused, and the
 * remedy is the statement to remove or narrow (the one wording of `adviceFor`), never an
 * Allow to add, which could not override it.
 */
export function explicitDenyOutcome(
  what: string,
  failure: AwsFailure,
  context: { secretId?: string; region: string; secretArn?: string | undefined },
): StepOutcome {
  const denial = denialOf(failure);
  const document = denial.document ?? 'a policy';
  const target = denyTarget(denial, context.secretArn);
  return {
    status: 'fail',
    problem: 'EXPLICIT_DENY',
    finding: `${what} was refused by an explicit Deny in ${document.replace(/-/g, ' ')}: adding an Allow cannot fix it. AWS said: ${failure.message}`,
    remedy:
      adviceFor(failure.classified, context) ??
      'Remove the Deny statement that matches, or narrow it so that it no longer matches.',
    fix: {
      action: 'remove-deny-statement',
      ...(target ? { target } : {}),
      deniedBy: document,
      ...(denial.action ? { iamAction: denial.action } : {}),
      ...(denial.principalArn ? { principalArn: denial.principalArn } : {}),
      ...(denial.resourceArn ? { resourceArn: denial.resourceArn } : {}),
    },
  };
}
