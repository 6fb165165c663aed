import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { AwsFailure } from './classify.js';
import type { StepOutcome } from './runner.js';
import type { SecretState } from './secret-state.js';

/** Who decrypts what with the key, for the findings' words. */
export interface KeyUser {
  service: string;
  item: string;
  lost: string;
}

const SECRETS_MANAGER: KeyUser = {
  service: 'Secrets Manager',
  item: 'the secret',
  lost: 'the secret is lost',
};

/**
 * A key that exists but cannot be used, from DescribeKey's KeyState (and DeletionDate): the
 * finding says which state, the remedy is the command that fixes it. Undefined for a key
 * that is enabled (or whose state is unknown).
 */
export function keyStateProblem(
  metadata: Pick<KeyMetadata, 'Arn' | 'KeyState' | 'Enabled' | 'DeletionDate'> | undefined,
  region: string,
  user: KeyUser = SECRETS_MANAGER,
): StepOutcome | undefined {
  const key = metadata?.Arn ?? 'the key';
  const enable = `aws kms enable-key --key-id ${key} --region ${region}`;
  if (metadata?.KeyState === 'PendingDeletion' || metadata?.KeyState === 'PendingReplicaDeletion') {
    const when = metadata.DeletionDate ? ` on ${metadata.DeletionDate.toISOString()}` : '';
    return {
      status: 'fail',
      problem: 'KEY_PENDING_DELETION',
      finding: `the KMS key ${key} is scheduled for deletion${when} (KeyState ${metadata.KeyState}): ${user.service} cannot decrypt ${user.item} with it, and after that date ${user.lost}`,
      remedy: `Cancel the deletion, then enable the key: aws kms cancel-key-deletion --key-id ${key} --region ${region} && ${enable}`,
      fix: {
        action: 'run-command',
        command: `aws kms cancel-key-deletion --key-id ${key} --region ${region} && ${enable}`,
      },
    };
  }
  if (metadata?.KeyState === 'Disabled' || metadata?.Enabled === false) {
    return {
      status: 'fail',
      problem: 'KEY_DISABLED',
      finding: `the KMS key ${key} is disabled (KeyState ${metadata.KeyState ?? 'Disabled'}): ${user.service} cannot decrypt ${user.item} with it`,
      remedy: `Enable the key: ${enable}`,
      fix: { action: 'run-command', command: enable },
    };
  }
  return undefined;
}

/** GetSecretValue's DecryptionFailure, told by the key state DescribeKey showed. */
export function keyStateOutcome(state: SecretState, failure: AwsFailure): StepOutcome {
  const region = state.arn?.region ?? '<region>';
  const known = keyStateProblem(state.keyMetadata, region);
  if (known) return { ...known, finding: `${known.finding}. AWS said: ${failure.message}` };
  const key = state.keyArn ?? state.kmsKeyId ?? "the secret's key";
  return {
    status: 'fail',
    problem: 'KEY_DISABLED',
    finding: `Secrets Manager could not use the KMS key ${key} of secret '${state.target.secretId}' (DecryptionFailure: the key is disabled or pending deletion; its state could not be read). AWS said: ${failure.message}`,
    remedy: `Look at the key's KeyState (aws kms describe-key --key-id ${key} --region ${region}); enable it (aws kms enable-key --key-id ${key} --region ${region}), first cancelling a scheduled deletion (aws kms cancel-key-deletion).`,
  };
}
