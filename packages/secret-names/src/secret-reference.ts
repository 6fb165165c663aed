// The one parser of the secret reference syntax, `<name or ARN>[:<json key>]` and ECS's
// `<name or ARN>:<json key>:<version stage>:<version id>`; every package parses references here.
import { parseSecretArn, type SecretArn } from './arn.js';
import { fail, ok, type ParseResult } from './errors.js';
import { validateSecretName } from './validate-name.js';

/**
 * A pointer to a secret value: a secret (by name or ARN), optionally one key of its JSON
 * value, optionally a version by stage or id.
 */
export interface SecretReference {
  /** The secret's name or ARN, as given; what GetSecretValue takes as SecretId. */
  secretId: string;
  /** Present when `secretId` is an ARN. */
  arn?: SecretArn;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

const ARN_FIELD_COUNT = 7;
const MAX_EXTRA_FIELDS = 3;

/**
 * Parses the reference forms used in connection properties: `<name>`, `<name>:<json key>`,
 * and ECS's `<name or arn>:<json key>:<version stage>:<version id>` where each of the last
 * three may be empty. ARNs contain colons and names cannot, so an ARN's own seven fields are
 * taken first.
 *
 * @example
 * parseSecretReference('prod/orders/db:password');
 * // { ok: true, value: { secretId: 'prod/orders/db', jsonKey: 'password' } }
 */
export function parseSecretReference(input: string): ParseResult<SecretReference> {
  const text = typeof input === 'string' ? input : String(input);
  if (text.trim().length === 0) {
    return fail(
      'EMPTY_REFERENCE',
      'the secret reference is empty: give a secret name or ARN, optionally followed by :<json key>',
    );
  }
  const fields = text.split(':');
  const isArn = fields[0] === 'arn';
  const idFieldCount = isArn ? ARN_FIELD_COUNT : 1;
  const secretId = fields.slice(0, idFieldCount).join(':');
  const extra = fields.slice(idFieldCount);

  if (extra.length > MAX_EXTRA_FIELDS) {
    return fail(
      'TOO_MANY_FIELDS',
      `'${text}' has ${extra.length} fields after the secret; expected at most 3 (<json key>:<version stage>:<version id>)`,
    );
  }
  const reference: SecretReference = { secretId };
  if (isArn) {
    const arn = parseSecretArn(secretId);
    if (!arn.ok) return arn;
    reference.arn = arn.value;
  } else {
    const check = validateSecretName(secretId);
    if (!check.valid) {
      return fail(
        'INVALID_NAME',
        `'${secretId}' is not a valid secret name: ${check.violations.map((v) => v.message).join('; ')}`,
      );
    }
  }
  const [jsonKey, versionStage, versionId] = extra;
  if (extra.length === 1 && jsonKey === '') {
    return fail(
      'EMPTY_JSON_KEY',
      `'${text}' ends with ':' but names no JSON key: write ${secretId}:<key>, or drop the ':'`,
    );
  }
  if (jsonKey) reference.jsonKey = jsonKey;
  if (versionStage) reference.versionStage = versionStage;
  if (versionId) reference.versionId = versionId;
  return ok(reference);
}

/**
 * The inverse of `parseSecretReference`: the short form when only a key is set, the ECS
 * four-field form when a version is named.
 *
 * @example
 * formatSecretReference({ secretId: 'prod/db', versionStage: 'AWSPREVIOUS' }); // 'prod/db::AWSPREVIOUS:'
 */
export function formatSecretReference(reference: SecretReference): string {
  const { secretId, jsonKey, versionStage, versionId } = reference;
  if (versionStage || versionId) {
    return `${secretId}:${jsonKey ?? ''}:${versionStage ?? ''}:${versionId ?? ''}`;
  }
  return jsonKey ? `${secretId}:${jsonKey}` : secretId;
}
