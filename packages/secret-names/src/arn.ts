import { AWS_PARTITION_IDS } from './aws-partitions.generated.js';
import { type AwsPartitionId, isAwsPartitionId, isRegionCode } from './aws-regions.js';
import { fail, ok, type ParseResult, SecretNameError, type SecretNameErrorCode } from './errors.js';
import { validateSecretName } from './validate-name.js';

/** Partitions whose Secrets Manager ARNs this package understands: every one the AWS SDK knows. */
export const SECRET_ARN_PARTITIONS = AWS_PARTITION_IDS;
export type SecretArnPartition = AwsPartitionId;

/**
 * A Secrets Manager secret ARN. `suffix` is the 6 random characters AWS appends to the
 * name in a full ARN; a partial ARN has none.
 */
export interface SecretArn {
  partition: SecretArnPartition;
  region: string;
  accountId: string;
  name: string;
  suffix?: string;
}

/**
 * The fields every ARN has: `arn:<partition>:<service>:<region>:<account-id>:<resource>`.
 * `region` is empty for global services (IAM), `accountId` for resources of no account (S3).
 */
export interface AwsArn {
  partition: AwsPartitionId;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account field: `role/agent`, `key/1234abcd-...`, `secret:prod/db`. */
  resource: string;
}

/** The six fields of any ARN, the partition not yet checked against the known ones. */
export interface ArnFields extends Omit<AwsArn, 'partition'> {
  partition: string;
}

/**
 * Splits text into the six fields of an ARN without judging them, for parsers that explain
 * each wrong field themselves (a role ARN with an unknown partition or a region); undefined
 * when the text is not `arn:` followed by five colons.
 *
 * @example
 * splitArn('arn:aws:iam::111122223333:role/agent');
 * // { partition: 'aws', service: 'iam', region: '', accountId: '111122223333', resource: 'role/agent' }
 */
export function splitArn(text: string): ArnFields | undefined {
  if (typeof text !== 'string') return undefined;
  const fields = text.split(':');
  if (fields[0] !== 'arn' || fields.length < ARN_FIELDS) return undefined;
  const [, partition, service, region, accountId] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    partition,
    service,
    region,
    accountId,
    resource: fields.slice(ARN_FIELDS - 1).join(':'),
  };
}

/**
 * Reads the fields of an ARN of any partition the AWS SDK knows; undefined for text that is
 * not one. Only the shape is checked: a service's own rules (a secret name, a role path) are
 * for its parser ({@link parseSecretArn} for secrets).
 *
 * @example
 * parseArn('arn:aws-eusc:kms:eusc-de-east-1:111122223333:key/1234abcd');
 * // { partition: 'aws-eusc', service: 'kms', region: 'eusc-de-east-1', accountId: '111122223333', resource: 'key/1234abcd' }
 */
export function parseArn(text: string): AwsArn | undefined {
  const fields = splitArn(text);
  if (!fields || !isAwsPartitionId(fields.partition) || fields.service === '') return undefined;
  return { ...fields, partition: fields.partition };
}

const ACCOUNT_SHAPE = /^\d{12}$/;
const SUFFIX = /^(.+)-([A-Za-z0-9]{6})$/;
const ARN_PREFIX_FIELDS = 6;
// arn, partition, service, region, account id, resource (which may hold more colons)
const ARN_FIELDS = 6;

/**
 * Parses `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-<suffix>]`.
 * A name ending in a hyphen and six alphanumerics is read as a full ARN, as AWS does.
 *
 * @example
 * parseSecretArn('arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-a1B2c3');
 * // { ok: true, value: { partition: 'aws', region: 'us-east-2', accountId: '111122223333', name: 'prod/db', suffix: 'a1B2c3' } }
 */
export function parseSecretArn(input: string): ParseResult<SecretArn> {
  const text = typeof input === 'string' ? input : String(input);
  const fields = text.split(':');
  if (fields[0] !== 'arn' || fields.length < ARN_PREFIX_FIELDS + 1) {
    return fail(
      'MALFORMED_ARN',
      `'${truncate(text)}' is not an ARN: expected arn:<partition>:secretsmanager:<region>:<account-id>:secret:<name>`,
    );
  }
  const [, partition, service, region, accountId, resourceType] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const resource = fields.slice(ARN_PREFIX_FIELDS).join(':');
  if (service !== 'secretsmanager' || resourceType !== 'secret') {
    return fail(
      'NOT_A_SECRET_ARN',
      `'${truncate(text)}' is an ARN for ${service || 'an unknown service'}, not a Secrets Manager secret (expected ...:secretsmanager:<region>:<account-id>:secret:<name>)`,
    );
  }
  const fieldProblem = checkArnFields({ partition, region, accountId }, 'secret');
  if (fieldProblem) return fieldProblem;
  if (resource.includes(':')) {
    return fail(
      'MALFORMED_ARN',
      `the secret name in '${truncate(text)}' contains ':', which secret names cannot`,
    );
  }
  const match = SUFFIX.exec(resource);
  const name = match ? match[1]! : resource;
  const check = validateSecretName(name);
  if (!check.valid) {
    return fail(
      'INVALID_NAME',
      `the secret name in the ARN is invalid: ${check.violations[0]!.message}`,
    );
  }
  // checkArnFields has checked the partition (isAwsPartitionId).
  const arn: SecretArn = { partition: partition as AwsPartitionId, region, accountId, name };
  if (match) arn.suffix = match[2]!;
  return ok(arn);
}

/**
 * Formats a secret ARN; full when it has a suffix, partial otherwise.
 *
 * @example
 * formatSecretArn({ partition: 'aws', region: 'us-east-2', accountId: '111122223333', name: 'prod/db' });
 * // 'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db'
 */
export function formatSecretArn(arn: SecretArn): string {
  const resource = arn.suffix ? `${arn.name}-${arn.suffix}` : arn.name;
  return `arn:${arn.partition}:secretsmanager:${arn.region}:${arn.accountId}:secret:${resource}`;
}

/**
 * True when `input` parses as a secret ARN (full or partial).
 *
 * @example
 * isSecretArn('prod/db'); // false
 */
export const isSecretArn = (input: string): boolean => parseSecretArn(input).ok;

/**
 * True for a full ARN, one that carries AWS's 6-character suffix.
 *
 * @example
 * isFullSecretArn('arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-a1B2c3'); // true
 */
export const isFullSecretArn = (input: string): boolean => {
  const result = parseSecretArn(input);
  return result.ok && result.value.suffix !== undefined;
};

/**
 * The secret name a SecretId refers to: the name itself, or the name inside an ARN (without
 * the six-character suffix AWS appends). Text that starts with `arn:` but is not a secret
 * ARN is returned as it is.
 *
 * @example
 * secretNameOf('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/app1/db-AbCdEf'); // 'prod/app1/db'
 */
export function secretNameOf(secretId: string): string {
  if (!secretId.startsWith('arn:')) return secretId;
  const parsed = parseSecretArn(secretId);
  return parsed.ok ? parsed.value.name : secretId;
}

/** How {@link checkArnFields} names each kind of ARN in its messages. */
const ARN_FIELD_WORDS = {
  secret: {
    partition: (partition: string) =>
      `unknown partition '${partition}' in secret ARN: expected one of ${SECRET_ARN_PARTITIONS.join(', ')}`,
    arn: 'the secret ARN',
  },
  parameter: {
    partition: (partition: string) => `unknown partition '${partition}' in the parameter ARN`,
    arn: 'the parameter ARN',
  },
} as const;

/**
 * Checks the partition, region and account fields of an ARN, the same way for secret and
 * parameter ARNs; the failure (UNKNOWN_PARTITION, INVALID_REGION or INVALID_ACCOUNT) names
 * the kind of ARN, or undefined when the three are valid.
 *
 * @example
 * checkArnFields({ partition: 'aws', region: 'Ohio', accountId: '111122223333' }, 'parameter');
 * // { ok: false, error: SecretNameError INVALID_REGION "'Ohio' in the parameter ARN is not a region code such as us-east-2" }
 */
export function checkArnFields(
  fields: { partition: string; region: string; accountId: string },
  kind: keyof typeof ARN_FIELD_WORDS,
): { ok: false; error: SecretNameError } | undefined {
  const words = ARN_FIELD_WORDS[kind];
  const problem = (code: SecretNameErrorCode, message: string) => ({
    ok: false as const,
    error: new SecretNameError(code, message),
  });
  if (!isAwsPartitionId(fields.partition)) {
    return problem('UNKNOWN_PARTITION', words.partition(fields.partition));
  }
  if (!isRegionCode(fields.region)) {
    return problem(
      'INVALID_REGION',
      `'${fields.region}' in ${words.arn} is not a region code such as us-east-2`,
    );
  }
  if (!ACCOUNT_SHAPE.test(fields.accountId)) {
    return problem(
      'INVALID_ACCOUNT',
      `'${fields.accountId}' in ${words.arn} is not a 12-digit AWS account id`,
    );
  }
  return undefined;
}

const truncate = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
