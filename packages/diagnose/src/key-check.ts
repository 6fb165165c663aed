import { DescribeKeyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { parseArn, type SecretArn } from '@vaultline/secret-names';
import { type AwsFailure, failureOf, isAccessDenied } from './classify.js';
import { keyStateProblem } from './key-state.js';
import { awsManagedKeyOutcome, type KeyContext, kmsDeniedOutcome } from './kms-findings.js';
import type { StepOutcome } from './runner.js';
import { otherFailure } from './secret-failures.js';
import { keyContextOf, qualifyKey, type SecretCheck } from './secret-state.js';

/**
 * kms:DescribeKey on the key of a secret in another account, the verification step of the
 * cross-account setup; also the AWS managed key and key-region rules.
 */
export async function checkSecretKey(check: SecretCheck): Promise<void> {
  const id = check.state.target.secretId;
  await check.runner.run('kms-describe-key', `kms:DescribeKey on the key of ${id}`, id, () =>
    describeKey(check),
  );
}

async function describeKey(check: SecretCheck): Promise<StepOutcome> {
  const { state } = check;
  if (!state.described || !state.arn) {
    return {
      status: 'skip',
      finding: "skipped: the secret's key is unknown because DescribeSecret failed",
    };
  }
  const context = keyContextOf(state, check.session);
  if (context.awsManagedKey)
    return awsManagedKeyOutcome(context, 'DescribeSecret shows no customer managed key');
  let metadata: KeyMetadata | undefined;
  try {
    const out = await check.clients.kms.send(
      new DescribeKeyCommand({ KeyId: qualifyKey(state.kmsKeyId!, state.arn) }),
      check.send,
    );
    metadata = out.KeyMetadata;
  } catch (error) {
    return describeKeyFailure(failureOf(error, 'kms:DescribeKey'), context, check, state.arn);
  }
  if (metadata?.Arn) state.keyArn = metadata.Arn;
  state.keyMetadata = metadata;
  return keyMetadataOutcome(metadata, context, check);
}

function describeKeyFailure(
  failure: AwsFailure,
  context: KeyContext,
  check: SecretCheck,
  arn: SecretArn,
): StepOutcome {
  const { state } = check;
  if (isAccessDenied(failure)) return kmsDeniedOutcome('kms:DescribeKey', failure, context);
  if (failure.name === 'NotFoundException') {
    return {
      status: 'fail',
      problem: 'KEY_NOT_FOUND',
      finding: `the key ${state.kmsKeyId} of secret '${state.target.secretId}' was not found in account ${state.secretsAccountId}, ${arn.region}. AWS said: ${failure.message}`,
      remedy:
        'Check that the key exists and is enabled; DescribeSecret names it as it was given when the secret was encrypted.',
    };
  }
  return otherFailure('kms:DescribeKey', failure, check.session.facts.region);
}

/** What kms:DescribeKey showed: an AWS managed key, a key in another region, or a usable key. */
function keyMetadataOutcome(
  metadata: KeyMetadata | undefined,
  context: KeyContext,
  check: SecretCheck,
): StepOutcome {
  const region = check.session.facts.region;
  if (metadata?.KeyManager === 'AWS') {
    return awsManagedKeyOutcome(
      { ...context, awsManagedKey: true },
      `kms:DescribeKey shows ${metadata.Arn} is managed by AWS`,
    );
  }
  const keyRegion = metadata?.Arn ? parseArn(metadata.Arn)?.region : undefined;
  const unusable = keyStateProblem(metadata, keyRegion ?? region);
  if (unusable) return unusable;
  if (keyRegion && keyRegion !== region) {
    return {
      status: 'fail',
      problem: 'KEY_IN_OTHER_REGION',
      finding: `the key ${metadata?.Arn} is in ${keyRegion}, but the secret and the vault are in ${region}`,
      remedy: `Encrypt the secret with a customer managed key in ${region}.`,
    };
  }
  return {
    status: 'pass',
    finding: `${check.session.identity.arn} can describe ${metadata?.Arn ?? check.state.kmsKeyId}, a customer managed key (${metadata?.KeyState ?? 'state unknown'}) in ${keyRegion ?? region}: the verification step passes`,
  };
}

/**
 * The full ARN and state of a same-account secret's key, asked of KMS only to name it in a
 * remedy and to tell a disabled key from a refusal; a refusal here is no finding.
 */
export async function lookUpKeyArn(check: SecretCheck): Promise<void> {
  const { state } = check;
  if (!state.kmsKeyId || !state.arn || state.keyMetadata) return;
  try {
    const out = await check.clients.kms.send(
      new DescribeKeyCommand({ KeyId: qualifyKey(state.kmsKeyId, state.arn) }),
      check.send,
    );
    if (out.KeyMetadata?.Arn) state.keyArn = out.KeyMetadata.Arn;
    state.keyMetadata = out.KeyMetadata;
  } catch {
    // the remedy names the key as DescribeSecret gave it
  }
}
