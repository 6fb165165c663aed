import { type AwsPartitionId, isRegionCode, parseArn } from '@vaultline/secret-names';

/** The parts of a KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<key-id>`. */
export interface KmsKeyArn {
  partition: AwsPartitionId;
  region: string;
  accountId: string;
  keyId: string;
}

/**
 * Why a text is not a usable customer managed key ARN: not a key ARN at all, an alias of an
 * AWS managed key (whose key policy cannot be changed and which no other account can use),
 * or an alias of another key (policies granting an alias ARN do not cover the key).
 */
export type KmsKeyArnProblem = 'INVALID' | 'AWS_MANAGED_KEY' | 'ALIAS';

export type KmsKeyArnResult =
  | { ok: true; value: KmsKeyArn }
  | { ok: false; problem: KmsKeyArnProblem; message: string };

const ACCOUNT = /^\d{12}$/;
const EXAMPLE = 'arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

/**
 * Parses the ARN of a customer managed KMS key (the key of secrets shared across accounts),
 * explaining an alias or an AWS managed key in terms a user can act on.
 *
 * @example
 * parseKmsKeyArn('arn:aws:kms:us-east-2:111122223333:key/1234abcd');
 * // { ok: true, value: { partition: 'aws', region: 'us-east-2', accountId: '111122223333', keyId: '1234abcd' } }
 */
export function parseKmsKeyArn(input: string): KmsKeyArnResult {
  const text = String(input);
  const arn = parseArn(text);
  const [kind, ...idParts] = arn?.resource.split('/') ?? [];
  const id = idParts.join('/');
  if (
    arn === undefined ||
    arn.service !== 'kms' ||
    !isRegionCode(arn.region) ||
    !ACCOUNT.test(arn.accountId) ||
    (kind !== 'key' && kind !== 'alias') ||
    id === ''
  ) {
    return {
      ok: false,
      problem: 'INVALID',
      message: `'${clip(text)}' is not a KMS key ARN: expected one like ${EXAMPLE}`,
    };
  }
  if (kind === 'alias' && id.startsWith('aws/')) {
    return {
      ok: false,
      problem: 'AWS_MANAGED_KEY',
      message: `${clip(text)} is an AWS managed key; its key policy cannot be changed and it can never be used from another account. Create a customer managed key and encrypt the secrets with it.`,
    };
  }
  if (kind === 'alias') {
    return {
      ok: false,
      problem: 'ALIAS',
      message: `${clip(text)} is an alias; give the key ARN (…:key/<key-id>, as aws kms describe-key --key-id ${clip(text)} prints it), not an alias: policies granting an alias ARN do not cover the key`,
    };
  }
  return {
    ok: true,
    value: { partition: arn.partition, region: arn.region, accountId: arn.accountId, keyId: id },
  };
}
