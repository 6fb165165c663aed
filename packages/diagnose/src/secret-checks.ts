import {
  DescribeSecretCommand,
  type DescribeSecretResponse,
  ListSecretsCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretArn } from '@vaultline/secret-names';
import { failureOf, isAccessDenied, isExplicitDeny } from './classify.js';
import type { DiagnoseClients } from './clients.js';
import { explicitDenyOutcome } from './deny-findings.js';
import { documentFor, readDocumentOf, remedyFor } from './documents.js';
import type { AgentSession } from './identity.js';
import { checkSecretKey, lookUpKeyArn } from './key-check.js';
import { findInOtherAccounts, referencedByNameOutcome } from './name-elsewhere.js';
import { checkSecretRead } from './read-check.js';
import { referenceFix, type SecretTarget } from './references.js';
import type { StepOutcome, StepRunner } from './runner.js';
import { otherFailure, secretDenied } from './secret-failures.js';
import { initialSecretState, recordDescription, type SecretCheck } from './secret-state.js';

/** ListSecrets, which the product requires of the agent besides reading. */
export async function checkList(
  clients: DiagnoseClients,
  session: AgentSession,
  runner: StepRunner,
  signal?: AbortSignal,
): Promise<void> {
  await runner.run(
    'list-secrets',
    'List permission (secretsmanager:ListSecrets)',
    undefined,
    async () => {
      try {
        await clients.secretsManager.send(new ListSecretsCommand({ MaxResults: 1 }), {
          abortSignal: signal as never,
        });
        return { status: 'pass', finding: `${session.identity.arn} may list secrets` };
      } catch (error) {
        const failure = failureOf(error, 'ListSecrets');
        if (!isAccessDenied(failure))
          return otherFailure('ListSecrets', failure, session.facts.region);
        if (isExplicitDeny(failure)) {
          return explicitDenyOutcome('secretsmanager:ListSecrets', failure, {
            region: session.facts.region,
          });
        }
        const read = readDocumentOf(session.facts.authType);
        const document = documentFor(read.id, `${read.prefix}ListSecrets`, session.facts);
        return {
          status: 'fail',
          problem: 'LIST_DENIED',
          finding: `secretsmanager:ListSecrets was denied: no identity-based policy of ${session.identity.arn} allows it (reads by name still work, but listing and BatchGetSecretValue do not). AWS said: ${failure.message}`,
          document,
          remedy: remedyFor(
            document,
            'Allow secretsmanager:ListSecrets and secretsmanager:BatchGetSecretValue on "*".',
          ),
        };
      }
    },
  );
}

/**
 * The checks of one secret: the region rule (for ARNs), DescribeSecret, kms:DescribeKey on
 * its key (across accounts, the product's verification step) and GetSecretValue. The value
 * read is checked for the JSON keys the config uses and then dropped; no finding shows it.
 */
export async function checkSecret(
  target: SecretTarget,
  clients: DiagnoseClients,
  session: AgentSession,
  runner: StepRunner,
  otherAccounts: string[],
  signal?: AbortSignal,
): Promise<void> {
  const check: SecretCheck = {
    state: initialSecretState(target, session.identity.account),
    clients,
    session,
    runner,
    otherAccounts: otherAccounts.filter((account) => account !== session.identity.account),
    send: { abortSignal: signal },
  };
  if (!(await checkRegion(check))) return;
  await checkDescription(check);
  if (check.state.crossAccount) await checkSecretKey(check);
  else await lookUpKeyArn(check);
  await checkSecretRead(check);
}

/**
 * The region rule of a secret referenced by ARN. False when the secret is in another region:
 * its other checks are then reported as skipped, since that region's secrets cannot be read.
 */
async function checkRegion(check: SecretCheck): Promise<boolean> {
  const { state, runner } = check;
  const arn = state.target.reference.arn;
  if (!arn) return true;
  const id = state.target.secretId;
  const regionStep = await runner.run('secret-region', `Region rule for ${id}`, id, async () => {
    const outcome = regionOutcome(arn, check);
    return outcome.problem === 'CROSS_ACCOUNT_NEEDS_FULL_ARN'
      ? withFullArn(outcome, check)
      : outcome;
  });
  if (regionStep.problem !== 'SECRET_IN_OTHER_REGION') return true;
  const reason = `skipped: the secret is outside the vault's region ${check.session.facts.region}`;
  await runner.skip('describe-secret', `DescribeSecret ${id}`, id, reason);
  if (state.crossAccount)
    await runner.skip('kms-describe-key', `kms:DescribeKey on the key of ${id}`, id, reason);
  await runner.skip('read-secret', `GetSecretValue ${id}`, id, reason);
  return false;
}

/**
 * A partial ARN of another account's secret: DescribeSecret on it gives the full ARN (the
 * secret's resource policy lets the agent describe it), and the fix writes that instead.
 */
async function withFullArn(outcome: StepOutcome, check: SecretCheck): Promise<StepOutcome> {
  let fullArn: string | undefined;
  try {
    const described = await check.clients.secretsManager.send(
      new DescribeSecretCommand({ SecretId: check.state.target.secretId }),
      check.send,
    );
    fullArn = described.ARN;
  } catch {
    return outcome;
  }
  if (!fullArn) return outcome;
  const fix = referenceFix(check.state.target, (reference) => ({
    ...reference,
    secretId: fullArn,
    arn: undefined,
  }));
  if (!fix) return outcome;
  return { ...outcome, remedy: `Reference it by its full ARN: ${fix.replacement}.`, fix };
}

function regionOutcome(arn: SecretArn, check: SecretCheck): StepOutcome {
  const id = check.state.target.secretId;
  const region = check.session.facts.region;
  const agentAccount = check.session.identity.account;
  if (arn.region !== region) {
    return {
      status: 'fail',
      problem: 'SECRET_IN_OTHER_REGION',
      finding: `secret '${id}' is in region ${arn.region}, but the vault reads from ${region}: a secret in another region is not found from the ${region} endpoint (this applies across accounts too)`,
      remedy: `Keep the secret (and its KMS key) in ${region}: replicate it there (aws secretsmanager replicate-secret-to-regions --add-replica-regions Region=${region}) and reference the replica's ARN, or set vault.region to ${arn.region}.`,
    };
  }
  if (check.state.crossAccount && !arn.suffix) {
    return {
      status: 'fail',
      problem: 'CROSS_ACCOUNT_NEEDS_FULL_ARN',
      finding: `secret '${id}' is in account ${arn.accountId}, not the agent's account ${agentAccount}, and is referenced by a partial ARN`,
      remedy: `Reference it by its full ARN, including the 6-character suffix AWS adds to the name (…:secret:${arn.name}-AbCdEf); the secrets account can read it with aws secretsmanager describe-secret.`,
    };
  }
  return {
    status: 'pass',
    finding: `in the vault's region ${region}, account ${arn.accountId}${check.state.crossAccount ? ` (another account than the agent's ${agentAccount})` : ''}`,
  };
}

/** DescribeSecret: the secret's ARN, account and KmsKeyId, which the later checks use. */
async function checkDescription(check: SecretCheck): Promise<void> {
  const id = check.state.target.secretId;
  await check.runner.run('describe-secret', `DescribeSecret ${id}`, id, () =>
    describeSecret(check),
  );
}

async function describeSecret(check: SecretCheck): Promise<StepOutcome> {
  const { state, session } = check;
  let described: DescribeSecretResponse;
  try {
    described = await check.clients.secretsManager.send(
      new DescribeSecretCommand({ SecretId: state.target.secretId }),
      check.send,
    );
  } catch (error) {
    const failure = failureOf(error, 'DescribeSecret');
    const missing =
      (isAccessDenied(failure) && !isExplicitDeny(failure)) ||
      failure.classified.kind === 'secret-not-found';
    const elsewhere = missing ? await findInOtherAccounts(check) : undefined;
    if (elsewhere) return referencedByNameOutcome(check, elsewhere);
    return isAccessDenied(failure)
      ? secretDenied('secretsmanager:DescribeSecret', failure, state, session)
      : otherFailure('DescribeSecret', failure, session.facts.region);
  }
  recordDescription(state, described, session.identity.account);
  const key = state.kmsKeyId
    ? `the KMS key ${state.kmsKeyId}`
    : 'the AWS managed key aws/secretsmanager (no KmsKeyId)';
  if (described.DeletedDate) {
    return {
      status: 'fail',
      problem: 'SECRET_DELETED',
      finding: `found ${described.ARN}, but it is scheduled for deletion`,
      remedy:
        'Restore it (aws secretsmanager restore-secret) or reference the secret that replaces it.',
    };
  }
  return {
    status: 'pass',
    finding: `found ${described.ARN}${state.crossAccount ? ` in account ${state.secretsAccountId}` : ''}, encrypted with ${key}`,
  };
}
