import { adviceFor } from '@vaultline/resolver';
import { type AwsFailure, denialOf } from './classify.js';
import type { StepOutcome } from './runner.js';

/**
 * An explicit Deny, as AWS named it: the finding says which document refused, and the
 * remedy is the statement to remove or narrow (the one wording of `adviceFor`), never an
 * Allow to add, which could not override it.
 */
export function explicitDenyOutcome(
  what: string,
  failure: AwsFailure,
  context: { secretId?: string; region: string },
): StepOutcome {
  const denial = denialOf(failure);
  const document = denial.document ?? 'a policy';
  return {
    status: 'fail',
    problem: 'EXPLICIT_DENY',
    finding: `${what} was refused by an explicit Deny in ${document.replace(/-/g, ' ')}: adding an Allow cannot fix it. AWS said: ${failure.message}`,
    remedy:
      adviceFor(failure.classified, context) ??
      'Remove the Deny statement that matches, or narrow it so that it no longer matches.',
    fix: {
      action: 'remove-deny-statement',
      deniedBy: document,
      ...(denial.action ? { iamAction: denial.action } : {}),
      ...(denial.principalArn ? { principalArn: denial.principalArn } : {}),
      ...(denial.resourceArn ? { resourceArn: denial.resourceArn } : {}),
    },
  };
}
