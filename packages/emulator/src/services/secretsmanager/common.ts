import { awsServiceHost, parseSecretArn } from '@vaultline/secret-names';
import { AwsWireError, authError } from '../../http/wire-error.js';
import type { PolicyDocument } from '../../iam/types.js';
import type { KmsKey } from '../../state/kms-store.js';
import type { SecretRecord, SecretVersion } from '../../state/secrets-store.js';
import { decideKms, requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';

export const notFound = (detail = "Secrets Manager can't find the specified secret.") =>
  new AwsWireError('ResourceNotFoundException', detail);
export const invalidParameter = (message: string) =>
  new AwsWireError('InvalidParameterException', message);
export const invalidRequest = (message: string) =>
  new AwsWireError('InvalidRequestException', message);

/** Reads a required string field of the request. */
export function requiredString(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsWireError(
      'ValidationException',
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** Optional string field; anything else is a validation error. */
export function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new AwsWireError('ValidationException', `${field} must be a string`);
  }
  return value;
}

/** Purges secrets whose recovery window has ended, as AWS does once the window is over. */
function purgeIfDue(ctx: CallContext, record: SecretRecord | undefined): SecretRecord | undefined {
  if (record?.deletionDate && record.deletionDate.getTime() <= Date.now()) {
    ctx.world.secrets.remove(record);
    return undefined;
  }
  return record;
}

/**
 * Finds a secret by name, full or partial ARN and authorizes `action` on it (identity and
 * resource policy; a refusal names the SecretId as given, as AWS's does). Denial comes before "not found", as on AWS, except for an ARN of another
 * region: secrets are regional, so this region's endpoint has no such secret, whichever
 * account the ARN names (same account or cross-account alike). Deleted secrets are refused
 * unless `allowDeleted`.
 */
export function locateSecret(
  ctx: CallContext,
  secretId: string,
  action: string,
  options: { allowDeleted?: boolean } = {},
): SecretRecord {
  if (secretId.startsWith('arn:')) {
    const arn = parseSecretArn(secretId);
    if (arn.ok && arn.value.region !== ctx.region) throw notFound();
  }
  const found = ctx.world.secrets.find(secretId, ctx.caller.principal.accountId, ctx.region);
  const record = purgeIfDue(ctx, found.record);
  requireAllowed(ctx, {
    action,
    resource: record?.arn ?? found.resourceArn,
    // AWS's refusal names the SecretId as the request gave it (a name, a partial or full ARN).
    messageResource: secretId,
    resourceAccountId: found.accountId,
    resourcePolicy: record?.resourcePolicy,
  });
  if (!record) throw notFound();
  if (record.deletedDate && !options.allowDeleted) {
    throw invalidRequest(
      "You can't perform this operation on the secret because it was marked for deletion.",
    );
  }
  return record;
}

/** The KMS key protecting a secret: its own key or the account's aws/secretsmanager. */
export function keyOf(ctx: CallContext, record: SecretRecord): KmsKey {
  const kms = ctx.world.kms;
  if (!record.kmsKeyId) return kms.secretsManagerKey(record.accountId, record.region);
  const key = kms.resolve(record.kmsKeyId, record.accountId, record.region);
  if (!key) {
    throw new AwsWireError(
      'AccessDeniedException',
      'Access to KMS is not allowed',
      400,
      `the KMS key '${record.kmsKeyId}' of this secret does not exist`,
    );
  }
  return key;
}

/**
 * Secrets Manager uses the secret's key on the caller's behalf, so the caller needs the KMS
 * permission too, with kms:ViaService set to this service. Permission comes first; then a key
 * that is disabled or pending deletion fails reads with DecryptionFailure and writes with
 * EncryptionFailure, as on AWS.
 */
export function requireKmsThroughService(
  ctx: CallContext,
  record: SecretRecord,
  action: string,
): void {
  const key = keyOf(ctx, record);
  const decision = decideKms(ctx, action, key, awsServiceHost('secretsmanager', record.region));
  if (!decision.allowed) {
    throw authError(
      'denied',
      'json',
      'Access to KMS is not allowed',
      `${decision.message}: ${decision.explanation ?? ''}`,
    );
  }
  if (key.keyState !== 'Enabled') {
    const state = key.keyState === 'Disabled' ? 'is disabled' : 'is pending deletion';
    throw action === 'kms:Decrypt'
      ? new AwsWireError(
          'DecryptionFailure',
          "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
          400,
          `the KMS key ${key.arn} ${state}`,
        )
      : new AwsWireError(
          'EncryptionFailure',
          "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.",
          400,
          `the KMS key ${key.arn} ${state}`,
        );
  }
}

/** Epoch seconds, the JSON 1.1 timestamp form. */
export const epoch = (date: Date | undefined): number | undefined =>
  date === undefined ? undefined : date.getTime() / 1000;

/** Parses a policy document given as a JSON string; MalformedPolicyDocumentException otherwise. */
export function parsePolicy(text: string): PolicyDocument {
  try {
    const parsed = JSON.parse(text) as PolicyDocument;
    if (typeof parsed !== 'object' || parsed === null || parsed.Statement === undefined) {
      throw new Error('no Statement');
    }
    return parsed;
  } catch {
    throw new AwsWireError(
      'MalformedPolicyDocumentException',
      'The policy document is not valid JSON with a Statement element.',
    );
  }
}

/** The value fields of a version, as GetSecretValue returns them. */
export const valueFields = (version: SecretVersion): Record<string, unknown> => ({
  SecretString: version.secretString,
  SecretBinary: version.secretBinary?.toString('base64'),
});

/** The new value of a request: exactly one of SecretString and SecretBinary (base64). */
export function readValue(
  input: Record<string, unknown>,
): { secretString?: string; secretBinary?: Buffer } | undefined {
  const secretString = optionalString(input, 'SecretString');
  const binary = optionalString(input, 'SecretBinary');
  if (secretString !== undefined && binary !== undefined) {
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  if (secretString !== undefined) return { secretString };
  if (binary !== undefined) return { secretBinary: Buffer.from(binary, 'base64') };
  return undefined;
}

/** Tags of a request as a record. */
export function readTags(input: Record<string, unknown>): Record<string, string> {
  const tags = input.Tags;
  if (tags === undefined) return {};
  if (!Array.isArray(tags)) throw invalidParameter('Tags must be a list of {Key, Value}.');
  return Object.fromEntries(
    tags.map((t: { Key?: string; Value?: string }) => [String(t.Key), String(t.Value ?? '')]),
  );
}
