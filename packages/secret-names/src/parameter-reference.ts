// The one parser of Parameter Store references, `<name or ARN>[:<version>|:<label>]`, and of
// parameter ARNs; every package reads parameter references here.
import { checkArnFields } from './arn.js';
import { partitionOfRegion } from './aws-regions.js';
import { fail, ok, type ParseResult } from './errors.js';
import { SECRETS_MANAGER_REFERENCE_PREFIX, validateParameterName } from './parameter-names.js';

/** `arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export interface ParameterArn {
  partition: string;
  region: string;
  accountId: string;
  /** The parameter name as GetParameter takes it: `/prod/db/host` (or `host` at the root). */
  name: string;
}

/** A pointer to a parameter value, optionally one version (number) or label of it. */
export interface ParameterReference {
  /** The name or ARN, as given, without the selector: what GetParameters takes as a Name. */
  parameterId: string;
  /** The parameter's name (from the ARN when `parameterId` is one). */
  name: string;
  arn?: ParameterArn;
  version?: number;
  label?: string;
}

/**
 * Why an ARN of another account may still be refused: AWS serves another account's parameter
 * only when it is shared with yours (AWS RAM), in the advanced tier, and referenced by its ARN.
 */
export const CROSS_ACCOUNT_PARAMETER_RULE =
  'a parameter of another account can be read only when its owner shares it with your account (AWS RAM), it is in the advanced tier, and you reference it by its full ARN';

/**
 * Why a SecureString another account shares needs a customer managed key: the AWS managed key
 * aws/ssm has a key policy only its own account can use.
 */
export const AWS_MANAGED_PARAMETER_KEY_RULE =
  'the AWS managed key aws/ssm can never be used from another account';

const ARN_FIELDS = 6;
const MAX_LABEL_LENGTH = 100;
const LABEL = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses a parameter ARN. The name of a parameter in a hierarchy keeps its leading slash,
 * as Parameter Store reports it (`parameter/prod/db` is `/prod/db`).
 *
 * @example
 * parseParameterArn('arn:aws:ssm:us-east-2:111122223333:parameter/prod/db/host');
 * // { ok: true, value: { partition: 'aws', region: 'us-east-2', accountId: '111122223333', name: '/prod/db/host' } }
 */
export function parseParameterArn(input: string): ParseResult<ParameterArn> {
  const text = typeof input === 'string' ? input : String(input);
  const fields = text.split(':');
  const [, partition = '', service, region = '', accountId = ''] = fields;
  const resource = fields.slice(ARN_FIELDS - 1).join(':');
  const expected = 'arn:<partition>:ssm:<region>:<account-id>:parameter/<name>';
  if (fields[0] !== 'arn' || fields.length < ARN_FIELDS) {
    return fail('MALFORMED_ARN', `'${text}' is not an ARN: expected ${expected}`);
  }
  if (service !== 'ssm' || !resource.startsWith('parameter/')) {
    return fail(
      'NOT_A_PARAMETER_ARN',
      `'${text}' is not a Parameter Store parameter ARN: expected ${expected}`,
    );
  }
  const fieldProblem = checkArnFields({ partition, region, accountId }, 'parameter');
  if (fieldProblem) return fieldProblem;
  const path = resource.slice('parameter/'.length);
  const name = path.includes('/') ? `/${path}` : path;
  const check = validateParameterName(name, { region, partition });
  if (!check.valid) {
    return fail(
      'INVALID_NAME',
      `the parameter name in the ARN is invalid: ${check.violations[0]!.message}`,
    );
  }
  return ok({ partition, region, accountId, name });
}

/**
 * The ARN of a parameter, as AWS writes it (a hierarchy's leading slash is not doubled).
 *
 * @example
 * formatParameterArn({ partition: 'aws', region: 'us-east-2', accountId: '111122223333', name: '/prod/db' });
 * // 'arn:aws:ssm:us-east-2:111122223333:parameter/prod/db'
 */
export function formatParameterArn(arn: ParameterArn): string {
  const path = arn.name.startsWith('/') ? arn.name.slice(1) : arn.name;
  return `arn:${arn.partition}:ssm:${arn.region}:${arn.accountId}:parameter/${path}`;
}

/**
 * For a reference to a parameter of another account than `accountId`: what AWS requires of it.
 * Undefined for references in the account (a name always is).
 *
 * @example
 * crossAccountParameterNote(parseParameterReference(arn).value, '444455556666');
 */
export function crossAccountParameterNote(
  reference: ParameterReference,
  accountId: string,
): string | undefined {
  if (!reference.arn || reference.arn.accountId === accountId) return undefined;
  return `${reference.parameterId} belongs to account ${reference.arn.accountId}, not ${accountId}: ${CROSS_ACCOUNT_PARAMETER_RULE}`;
}

/**
 * The region rule of a parameter reference: Parameter Store serves a parameter from its own
 * region only, so an ARN in another region (or partition) than the vault's can never be read.
 * A message when the reference breaks it; undefined for a name, which is read in the vault's
 * region. Config validation, the resolver and doctor all apply this one rule.
 *
 * @example
 * parameterRegionProblem(parseParameterReference('arn:aws:ssm:eu-west-1:111122223333:parameter/db').value, 'us-east-1');
 * // "parameter 'arn:aws:ssm:eu-west-1:111122223333:parameter/db' is in region eu-west-1, but the vault reads from us-east-1: ..."
 */
export function parameterRegionProblem(
  reference: ParameterReference,
  vaultRegion: string,
): string | undefined {
  const arn = reference.arn;
  if (!arn) return undefined;
  const text = formatParameterReference(reference);
  if (arn.region !== vaultRegion) {
    return `parameter '${text}' is in region ${arn.region}, but the vault reads from ${vaultRegion}: a referenced parameter must be in the vault's region (a shared parameter of another account, too; ${CROSS_ACCOUNT_PARAMETER_RULE})`;
  }
  const vaultPartition = partitionOfRegion(vaultRegion)?.id;
  if (vaultPartition && arn.partition !== vaultPartition) {
    return `parameter '${text}' says partition ${arn.partition}, but its region ${arn.region} is in ${vaultPartition}: correct the ARN's partition`;
  }
  return undefined;
}

/** Checks a label as LabelParameterVersion does; a message when AWS would refuse it. */
export function labelProblem(label: string): string | undefined {
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    return `a label has 1 to ${MAX_LABEL_LENGTH} characters`;
  }
  if (!LABEL.test(label)) {
    return `label '${label}' may contain only ASCII letters, digits, '.', '-' and '_'`;
  }
  if (/^\d/.test(label)) {
    return `label '${label}' can't begin with a number`;
  }
  if (/^(aws|ssm)/i.test(label)) {
    return `label '${label}' can't begin with "aws" or "ssm" (case-insensitive)`;
  }
  return undefined;
}

/**
 * Parses `<name>`, `<name>:<version>`, `<name>:<label>` and the same after a parameter ARN,
 * as GetParameter(s) reads a Name. Digits select a version, anything else a label. The name
 * is checked for reading, so `/aws/reference/secretsmanager/<secret>` is accepted.
 *
 * @example
 * parseParameterReference('/prod/orders/db/host:3');
 * // { ok: true, value: { parameterId: '/prod/orders/db/host', name: '/prod/orders/db/host', version: 3 } }
 */
export function parseParameterReference(input: string): ParseResult<ParameterReference> {
  const text = typeof input === 'string' ? input.trim() : String(input);
  if (text.length === 0) {
    return fail(
      'EMPTY_REFERENCE',
      'the parameter reference is empty: give a parameter name or ARN, optionally followed by :<version> or :<label>',
    );
  }
  const fields = text.split(':');
  const idFields = fields[0] === 'arn' ? ARN_FIELDS : 1;
  const parameterId = fields.slice(0, idFields).join(':');
  const selectors = fields.slice(idFields);
  if (selectors.length > 1) {
    return fail(
      'TOO_MANY_FIELDS',
      `'${text}' has ${selectors.length} selectors after the parameter; give at most one, a version (:3) or a label (:prod)`,
    );
  }
  const identity = identify(parameterId);
  if (!identity.ok) return identity;
  const selector = selectors[0];
  if (selector === undefined) return ok(identity.value);
  if (identity.value.name.startsWith(SECRETS_MANAGER_REFERENCE_PREFIX)) {
    return secretSelector(identity.value, selector, text);
  }
  if (/^\d+$/.test(selector)) {
    const version = Number(selector);
    if (version < 1) {
      return fail('INVALID_SELECTOR', `'${text}' selects version ${selector}; versions start at 1`);
    }
    return ok({ ...identity.value, version });
  }
  const problem = labelProblem(selector);
  if (problem) {
    return fail('INVALID_SELECTOR', `'${text}': ${problem}; write :<version number> or :<label>`);
  }
  return ok({ ...identity.value, label: selector });
}

/** A Secrets Manager version stage (AWSPREVIOUS) or version id, as Secrets Manager allows them. */
const SECRET_SELECTOR = /^[A-Za-z0-9_+=.@-]{1,256}$/;

/**
 * The selector of `/aws/reference/secretsmanager/<secret>:<selector>`: Parameter Store hands it
 * to Secrets Manager as a version stage or a version id, so the label rules do not apply.
 */
function secretSelector(
  reference: ParameterReference,
  selector: string,
  text: string,
): ParseResult<ParameterReference> {
  if (!SECRET_SELECTOR.test(selector)) {
    return fail(
      'INVALID_SELECTOR',
      `'${text}': a secret read through Parameter Store takes a version stage (:AWSPREVIOUS) or a version id after its name`,
    );
  }
  return ok({ ...reference, label: selector });
}

function identify(parameterId: string): ParseResult<ParameterReference> {
  if (parameterId.startsWith('arn:')) {
    const arn = parseParameterArn(parameterId);
    if (!arn.ok) return arn;
    return ok({ parameterId, name: arn.value.name, arn: arn.value });
  }
  const check = validateParameterName(parameterId);
  if (!check.valid) {
    return fail(
      'INVALID_NAME',
      `'${parameterId}' is not a valid parameter name: ${check.violations.map((v) => v.message).join('; ')}`,
    );
  }
  return ok({ parameterId, name: parameterId });
}

/**
 * The inverse of `parseParameterReference`: the name or ARN with its selector.
 *
 * @example
 * formatParameterReference({ parameterId: '/prod/db', name: '/prod/db', label: 'live' }); // '/prod/db:live'
 */
export function formatParameterReference(reference: ParameterReference): string {
  if (reference.version !== undefined) return `${reference.parameterId}:${reference.version}`;
  if (reference.label !== undefined) return `${reference.parameterId}:${reference.label}`;
  return reference.parameterId;
}
