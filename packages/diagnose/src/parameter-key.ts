import { DescribeKeyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { awsServiceHost } from '@vaultline/secret-names';
import type { AwsFailure } from './classify.js';
import { readDocumentOf } from './documents.js';
import { keyStateProblem } from './key-state.js';
import type { ParameterCheck } from './parameter-state.js';
import type { StepOutcome } from './runner.js';

/** The AWS managed key of Parameter Store, as DescribeParameters names it. */
export const AWS_MANAGED_KEY = 'alias/aws/ssm';

/** A SecureString's key as far as the agent may learn it: its id, and DescribeKey's answer. */
export interface ParameterKey {
  keyId?: string | undefined;
  metadata?: KeyMetadata | undefined;
  /** True when the key is the one vault.kmsKeyArns names, not what DescribeParameters said. */
  fromConfig?: boolean;
}

/**
 * The parameter's KMS key (ssm:DescribeParameters) and its state (kms:DescribeKey). Neither
 * is part of the read policy, so either may be refused; what was refused stays undefined.
 */
export async function parameterKeyOf(check: ParameterCheck): Promise<ParameterKey> {
  const described = await keyIdOf(check);
  const configured = described ? undefined : configuredKeyOf(check);
  const keyId = described ?? configured;
  const fromConfig = configured !== undefined;
  if (!keyId || keyId === AWS_MANAGED_KEY) return { keyId };
  try {
    const out = await check.clients.kms.send(new DescribeKeyCommand({ KeyId: keyId }), check.send);
    return { keyId, metadata: out.KeyMetadata, fromConfig };
  } catch {
    return { keyId, fromConfig }; // kms:DescribeKey is no part of the read policy either.
  }
}

/**
 * The one customer managed key vault.kmsKeyArns names in the parameter's account and region,
 * taken as its key when DescribeParameters is refused; undefined when there are none or several.
 */
function configuredKeyOf(check: ParameterCheck): string | undefined {
  const account = check.target.reference.arn?.accountId ?? check.session.identity.account;
  const region = check.target.reference.arn?.region ?? check.session.facts.region;
  const keys = (check.session.facts.kmsKeyArns ?? []).filter((arn) => {
    const fields = arn.split(':');
    return fields[3] === region && fields[4] === account;
  });
  return keys.length === 1 ? keys[0] : undefined;
}

/** How the finding names where the key came from, when it is the config's guess. */
const keySourceNote = (key: ParameterKey): string =>
  key.fromConfig
    ? " (the one key vault.kmsKeyArns names in this account and region, taken as the parameter's key: ssm:DescribeParameters, which names it, was refused)"
    : '';

async function keyIdOf(check: ParameterCheck): Promise<string | undefined> {
  try {
    const out = await check.clients.ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [
          { Key: 'Name', Option: 'Equals', Values: [check.target.reference.name] },
        ],
      }),
      check.send,
    );
    return out.Parameters?.[0]?.KeyId;
  } catch {
    return undefined;
  }
}

/** A disabled key or one pending deletion, in Parameter Store's words; undefined otherwise. */
export function parameterKeyStateOutcome(
  key: ParameterKey,
  check: ParameterCheck,
  failure: AwsFailure,
): StepOutcome | undefined {
  const region = check.session.facts.region;
  const known = keyStateProblem(key.metadata, region, {
    service: 'Parameter Store',
    item: `SecureString '${check.target.parameterId}'`,
    lost: 'its value is lost',
  });
  return (
    known && {
      ...known,
      finding: `${known.finding}${keySourceNote(key)}. AWS said: ${failure.message}`,
    }
  );
}

/**
 * A refused decryption whose cause diagnose cannot tell: AWS answers a disabled key, a key
 * policy without the agent, a missing Allow and a Deny alike, so the remedy lists each check
 * rather than prescribing a statement the agent may already have.
 */
export function undeterminedDecryptOutcome(
  key: ParameterKey,
  check: ParameterCheck,
  failure: AwsFailure,
): StepOutcome {
  const region = check.session.facts.region;
  const via = awsServiceHost('ssm', region);
  const id = key.metadata?.Arn ?? key.keyId;
  const keyArg = id ?? '<key>';
  const stateKnown = key.metadata?.KeyState === 'Enabled';
  // Named, not prescribed: the agent may have it already (AWS's answer cannot tell).
  const read = readDocumentOf(check.session.facts.authType);
  const statement = `${read.prefix}DecryptParametersThroughParameterStore`;
  const learn = id
    ? ''
    : ` (aws ssm describe-parameters --parameter-filters Key=Name,Values=${check.target.reference.name} --region ${region} names it; ssm:DescribeParameters is not in the read policy)`;
  const state = stateKnown
    ? ''
    : `the key's state: aws kms describe-key --key-id ${keyArg} --region ${region}${learn} must show KeyState Enabled (else aws kms enable-key --key-id ${keyArg}, first aws kms cancel-key-deletion --key-id ${keyArg} for a key pending deletion); `;
  return {
    status: 'fail',
    problem: 'KMS_ACCESS_DENIED',
    finding: `Parameter Store could read SecureString '${check.target.parameterId}' but not decrypt it with ${id ? `its KMS key ${id}` : 'its KMS key'} for the agent (kms:Decrypt through ${via}); the cause could not be determined${keySourceNote(key)}${stateKnown ? ' (the key is enabled)' : ''}: AWS answers a disabled key, a key policy without the agent, a missing Allow and a Deny alike. AWS said: ${failure.message}`,
    remedy: `Check ${state}the key policy, which must allow kms:Decrypt to the agent or delegate to IAM (grant the account root); an identity-based policy of ${check.session.identity.arn} allowing kms:Decrypt on the key with the condition kms:ViaService ${via} (statement ${statement} of \`vaultline policy ${read.id}\`); and that no Deny matches (a permissions boundary, a service control policy, a session policy, or the key policy).`,
  };
}
