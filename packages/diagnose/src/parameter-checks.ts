import type { Parameter } from '@aws-sdk/client-ssm';
import { awsServiceHost, parameterRegionProblem } from '@vaultline/secret-names';
import { failureOf, isAccessDenied, isExplicitDeny } from './classify.js';
import type { DiagnoseClients } from './clients.js';
import { explicitDenyOutcome } from './deny-findings.js';
import type { AgentSession } from './identity.js';
import {
  decryptDenied,
  otherParameterFailure,
  parameterDenied,
  parameterMissing,
} from './parameter-failures.js';
import { getOne, type ParameterCheck, readsSecret } from './parameter-state.js';
import type { ParameterTarget } from './references.js';
import type { StepOutcome, StepRunner } from './runner.js';

/**
 * The checks of one parameter, as the resolver reads it: GetParameters without decryption
 * (ssm:GetParameters allowed, the parameter and its version or label exist, the region and
 * cross-account rules), then, for a SecureString, GetParameters with decryption (kms:Decrypt
 * through Parameter Store). The value read is scrubbed from every finding and dropped.
 */
export async function checkParameter(
  target: ParameterTarget,
  clients: DiagnoseClients,
  session: AgentSession,
  runner: StepRunner,
  signal?: AbortSignal,
): Promise<void> {
  const arn = target.reference.arn;
  const check: ParameterCheck = {
    target,
    clients,
    session,
    runner,
    send: { abortSignal: signal },
    crossAccount: arn !== undefined && arn.accountId !== session.identity.account,
  };
  const subject = { parameterId: target.parameterId };
  let found: Parameter | undefined;
  await runner.run('read-parameter', `GetParameters ${target.parameterId}`, subject, async () => {
    const read = await readParameter(check);
    found = read.parameter;
    return read.outcome;
  });
  // A secret reference was read with decryption already: there is nothing more to decrypt.
  if (found?.Type !== 'SecureString' || readsSecret(target.reference)) return;
  const title = `kms:Decrypt of SecureString ${target.parameterId} through Parameter Store`;
  await runner.run('decrypt-parameter', title, subject, () => decryptParameter(check));
}

async function readParameter(
  check: ParameterCheck,
): Promise<{ outcome: StepOutcome; parameter?: Parameter }> {
  const { target, session } = check;
  const region = session.facts.region;
  const arn = target.reference.arn;
  const regionProblem = parameterRegionProblem(target.reference, region);
  if (arn && regionProblem) {
    return {
      outcome: {
        status: 'fail',
        problem: 'PARAMETER_IN_OTHER_REGION',
        finding: regionProblem,
        remedy: `Create the parameter (and, for a SecureString, its KMS key) in ${region} and reference that one, or set vault.region to ${arn.region}.`,
      },
    };
  }
  try {
    const read = await getOne(check, target.parameterId, false);
    if (!read.parameter) return { outcome: await parameterMissing(check) };
    return { outcome: foundOutcome(check, read.parameter), parameter: read.parameter };
  } catch (error) {
    const failure = failureOf(error, 'ssm:GetParameters');
    if (!isAccessDenied(failure)) {
      return { outcome: otherParameterFailure(failure, region, target.reference) };
    }
    if (isExplicitDeny(failure)) {
      return {
        outcome: explicitDenyOutcome(
          `ssm:GetParameters on parameter '${target.parameterId}'`,
          failure,
          { region },
        ),
      };
    }
    return { outcome: parameterDenied(check, failure) };
  }
}

function foundOutcome(check: ParameterCheck, parameter: Parameter): StepOutcome {
  const selected = parameter.Selector ? ` (selected by ${parameter.Selector})` : '';
  if (readsSecret(check.target.reference)) {
    return {
      status: 'pass',
      finding: `read secret ${parameter.ARN}${selected} from Secrets Manager through Parameter Store, decrypted`,
    };
  }
  const owner = check.crossAccount
    ? `, shared by account ${check.target.reference.arn?.accountId}`
    : '';
  return {
    status: 'pass',
    finding: `found ${parameter.ARN}: version ${parameter.Version}${selected}, ${parameter.Type}${owner}`,
  };
}

async function decryptParameter(check: ParameterCheck): Promise<StepOutcome> {
  const { target, session, runner } = check;
  const region = session.facts.region;
  const via = awsServiceHost('ssm', region);
  try {
    const read = await getOne(check, target.parameterId, true);
    runner.protect(read.parameter?.Value);
    if (!read.parameter) return parameterMissing(check);
    return {
      status: 'pass',
      finding: `decrypted version ${read.parameter.Version} through Parameter Store (kms:Decrypt with kms:ViaService ${via})`,
    };
  } catch (error) {
    const failure = failureOf(error, 'kms:Decrypt');
    if (!isAccessDenied(failure)) return otherParameterFailure(failure, region);
    if (isExplicitDeny(failure)) {
      return explicitDenyOutcome(
        `kms:Decrypt of SecureString '${target.parameterId}' through Parameter Store`,
        failure,
        { region },
      );
    }
    return decryptDenied(check, failure);
  }
}
