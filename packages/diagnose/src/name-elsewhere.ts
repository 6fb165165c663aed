import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { referenceFix } from './references.js';
import type { StepOutcome } from './runner.js';
import type { SecretCheck } from './secret-state.js';

/**
 * A secret referenced by name is looked up in the agent's own account. When that account
 * refuses or does not have it, the other accounts the config names (its KMS key ARNs, its
 * other secrets' ARNs) are asked by partial ARN: the full ARN of the first that has it.
 */
export async function findInOtherAccounts(check: SecretCheck): Promise<string | undefined> {
  const { state, session, clients } = check;
  if (state.target.reference.arn) return undefined;
  const partition = session.identity.arn.split(':')[1] ?? 'aws';
  for (const account of check.otherAccounts) {
    const partial = `arn:${partition}:secretsmanager:${session.facts.region}:${account}:secret:${state.target.secretId}`;
    try {
      const described = await clients.secretsManager.send(
        new DescribeSecretCommand({ SecretId: partial }),
        check.send,
      );
      if (described.ARN) return described.ARN;
    } catch {
      // not in that account, or not readable from here: try the next
    }
  }
  return undefined;
}

/** The finding for a secret of another account referenced by name, with the reference to write. */
export function referencedByNameOutcome(check: SecretCheck, fullArn: string): StepOutcome {
  const { target } = check.state;
  const account = fullArn.split(':')[4];
  const fix = referenceFix(target, (reference) => ({
    ...reference,
    secretId: fullArn,
    arn: undefined,
  }));
  return {
    status: 'fail',
    problem: 'CROSS_ACCOUNT_NEEDS_FULL_ARN',
    finding: `secret '${target.secretId}' is referenced by name, so it is looked up in the agent's account ${check.session.identity.account}, which does not have it; account ${account} does: ${fullArn}. A secret of another account must be referenced by its full ARN`,
    remedy: `Reference it by its full ARN${fix?.replacement ? `: ${fix.replacement}` : ` (${fullArn})`}.`,
    fix,
  };
}
