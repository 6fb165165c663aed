// What every Parameter Store action shares: its errors in AWS's words, finding and authorizing
// a parameter, picking a version by selector, and the KMS use on the caller's behalf.
import { awsServiceHost, parseParameterArn } from '@vaultline/secret-names';
import { AwsWireError, authError } from '../../http/wire-error.js';
import type { KmsKey } from '../../state/kms-store.js';
import {
  latestVersion,
  type ParameterRecord,
  type ParameterVersion,
} from '../../state/parameters-store.js';
import { decideKms, requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';

/** AWS answers GetParameter and DeleteParameter of a missing parameter with no message. */
export const parameterNotFound = () => new AwsWireError('ParameterNotFound', '');

export const versionNotFound = (version: number | string, name: string) =>
  new AwsWireError(
    'ParameterVersionNotFound',
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  );

export const validation = (message: string) => new AwsWireError('ValidationException', message);

/** A required string field; AWS's "Member must not be null" validation error otherwise. */
export function requiredText(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) {
    const member = `${field.charAt(0).toLowerCase()}${field.slice(1)}`;
    throw validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A Name as GetParameter(s) reads it: the parameter (name or ARN) and its selector. */
export interface NameWithSelector {
  /** The name or ARN without the selector. */
  id: string;
  selector?: string;
}

/** Splits `<name or ARN>[:<selector>]`; an ARN's own colons are not selectors. */
export function splitSelector(text: string): NameWithSelector {
  const fields = text.split(':');
  const idFields = fields[0] === 'arn' ? 6 : 1;
  const id = fields.slice(0, idFields).join(':');
  const rest = fields.slice(idFields);
  return rest.length === 0 ? { id } : { id, selector: rest.join(':') };
}

/** Where a parameter would live: its account, region and name, from a name or an ARN. */
function placeOf(
  ctx: CallContext,
  id: string,
): { accountId: string; region: string; name: string } {
  if (id.startsWith('arn:')) {
    const arn = parseParameterArn(id);
    if (arn.ok) return arn.value;
    throw validation(`Invalid parameter ARN: ${id}`);
  }
  return { accountId: ctx.caller.principal.accountId, region: ctx.region, name: id };
}

/**
 * Finds a parameter and authorizes `action` on it (identity policy, and the share of a
 * parameter of another account); denial comes before "not found", as on AWS. Undefined when
 * the caller may but there is no such parameter.
 */
export function locateParameter(
  ctx: CallContext,
  id: string,
  action: string,
): { record?: ParameterRecord; arn: string } {
  const place = placeOf(ctx, id);
  const parameters = ctx.world.parameters;
  const record =
    place.region === ctx.region
      ? parameters.get(place.accountId, place.region, place.name)
      : undefined;
  const arn = record?.arn ?? parameters.arnOf(place.accountId, place.region, place.name);
  requireAllowed(ctx, {
    action,
    resource: arn,
    resourceAccountId: place.accountId,
    resourcePolicy: record?.resourcePolicy,
  });
  return record && record.versions.length > 0 ? { record, arn } : { arn };
}

/** The version a selector picks: a number, a label, or the latest without one. */
export function selectVersion(record: ParameterRecord, selector?: string): ParameterVersion {
  if (selector === undefined) return latestVersion(record);
  if (/^\d+$/.test(selector)) {
    const found = record.versions.find((v) => v.version === Number(selector));
    if (!found) throw versionNotFound(selector, record.name);
    return found;
  }
  const labelled = record.versions.find((v) => v.labels.includes(selector));
  if (!labelled) throw parameterNotFound();
  return labelled;
}

/**
 * Parameter Store decrypts a SecureString with the caller's permission, through the service:
 * kms:Decrypt with kms:ViaService ssm.<region>.amazonaws.com and the parameter's ARN as
 * encryption context. AWS reports a refusal in KMS's words.
 */
export function decryptForCaller(
  ctx: CallContext,
  record: ParameterRecord,
  version: ParameterVersion,
): string {
  const key = version.keyArn
    ? ctx.world.kms.resolve(version.keyArn, record.accountId, record.region)
    : undefined;
  if (!key) throw kmsAccessDenied(ctx, `the KMS key of ${record.name} no longer exists`);
  const decision = decideKms(ctx, 'kms:Decrypt', key, awsServiceHost('ssm', record.region));
  if (!decision.allowed) {
    throw kmsAccessDenied(ctx, decision.explanation ?? decision.message);
  }
  if (key.keyState !== 'Enabled') {
    throw kmsAccessDenied(ctx, `the KMS key ${key.arn} of ${record.name} is ${key.keyState}`);
  }
  const plaintext = ctx.world.kms.decrypt(key, Buffer.from(version.value, 'base64'), {
    PARAMETER_ARN: record.arn,
  });
  if (!plaintext) throw kmsAccessDenied(ctx, 'the ciphertext does not decrypt under its key');
  return plaintext.toString('utf8');
}

function kmsAccessDenied(ctx: CallContext, explanation: string): AwsWireError {
  return authError(
    'denied',
    'json',
    `The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${ctx.requestId}; Proxy: null)`,
    `Parameter Store decrypts with kms:Decrypt through ssm.<region>.amazonaws.com on the caller's behalf: ${explanation}`,
  );
}

/** Encrypts a SecureString value for the caller through the service (kms:Encrypt). */
export function encryptForCaller(
  ctx: CallContext,
  key: KmsKey,
  parameterArn: string,
  value: string,
): string {
  const decision = decideKms(ctx, 'kms:Encrypt', key, awsServiceHost('ssm', key.region));
  if (!decision.allowed) {
    throw authError(
      'denied',
      'json',
      `User: ${ctx.caller.principal.arn} is not authorized to perform: kms:Encrypt on resource: ${key.arn} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${ctx.requestId}; Proxy: null)`,
      decision.explanation ?? decision.message,
    );
  }
  if (key.keyState !== 'Enabled') {
    throw new AwsWireError(
      'InvalidKeyId',
      `${key.arn} is ${key.keyState === 'Disabled' ? 'disabled' : 'pending deletion'}. (Service: AWSKMS; Status Code: 400; Error Code: ${key.keyState === 'Disabled' ? 'DisabledException' : 'KMSInvalidStateException'}; Request ID: ${ctx.requestId}; Proxy: null)`,
    );
  }
  return ctx.world.kms
    .encrypt(key, Buffer.from(value, 'utf8'), { PARAMETER_ARN: parameterArn })
    .toString('base64');
}

/** Epoch seconds, the JSON 1.1 timestamp form. */
export const epoch = (date: Date): number => date.getTime() / 1000;

/** A parameter as GetParameter(s) and GetParametersByPath return it. */
export function parameterShape(
  ctx: CallContext,
  record: ParameterRecord,
  version: ParameterVersion,
  options: { withDecryption: boolean; selector?: string },
): Record<string, unknown> {
  const value =
    version.type === 'SecureString' && options.withDecryption
      ? decryptForCaller(ctx, record, version)
      : version.value;
  return {
    Name: record.name,
    Type: version.type,
    Value: value,
    Version: version.version,
    ...(options.selector === undefined ? {} : { Selector: `:${options.selector}` }),
    LastModifiedDate: epoch(version.lastModifiedDate),
    ARN: record.arn,
    DataType: 'text',
  };
}
