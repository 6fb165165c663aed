// What every KMS action shares: reading the request's fields, finding and authorizing the key
// it names, the key's metadata as KMS returns it, and the key-state errors of AWS.
import { AwsWireError, authError, deniedError } from '../../http/wire-error.js';
import type { PolicyDocument } from '../../iam/types.js';
import type { KmsKey } from '../../state/kms-store.js';
import { decideKms } from '../authorization.js';
import type { CallContext } from '../context.js';

/** A required string field of the request; ValidationException, worded as AWS does, otherwise. */
export const requiredText = (input: Record<string, unknown>, field: string): string => {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsWireError(
      'ValidationException',
      `1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
};

/** Finds the key a request names and authorizes `action` on it against its key policy. */
export function keyFor(ctx: CallContext, ref: string, action: string): KmsKey {
  const key = ctx.world.kms.resolve(ref, ctx.caller.principal.accountId, ctx.region);
  if (!key) {
    const shown = ref.startsWith('arn:')
      ? ref
      : ref.startsWith('alias/')
        ? `arn:aws:kms:${ctx.region}:${ctx.caller.principal.accountId}:${ref}`
        : `arn:aws:kms:${ctx.region}:${ctx.caller.principal.accountId}:key/${ref}`;
    throw new AwsWireError(
      'NotFoundException',
      ref.includes('alias/') ? `Alias ${shown} is not found.` : `Key '${shown}' does not exist`,
    );
  }
  const decision = decideKms(ctx, action, key);
  if (!decision.allowed) throw deniedError('json', decision);
  return key;
}

/** A key's KeyMetadata, as CreateKey and DescribeKey return it. */
export const keyMetadata = (key: KmsKey) => ({
  AWSAccountId: key.accountId,
  KeyId: key.keyId,
  Arn: key.arn,
  CreationDate: key.creationDate.getTime() / 1000,
  Enabled: key.keyState === 'Enabled',
  Description: key.description,
  KeyUsage: 'ENCRYPT_DECRYPT',
  KeyState: key.keyState,
  DeletionDate: key.deletionDate ? key.deletionDate.getTime() / 1000 : undefined,
  Origin: 'AWS_KMS',
  KeyManager: key.keyManager,
  CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
  KeySpec: 'SYMMETRIC_DEFAULT',
  EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
  MultiRegion: false,
});

/** A key policy given as a JSON string; MalformedPolicyDocumentException otherwise. */
export function parseKeyPolicy(text: string): PolicyDocument {
  try {
    const policy = JSON.parse(text) as PolicyDocument;
    if (policy?.Statement === undefined) throw new Error('no Statement');
    return policy;
  } catch {
    throw new AwsWireError(
      'MalformedPolicyDocumentException',
      'The key policy is not valid JSON with a Statement element.',
    );
  }
}

/** The request's EncryptionContext (none is an empty context). */
export const encryptionContextOf = (input: Record<string, unknown>): Record<string, string> =>
  (input.EncryptionContext ?? {}) as Record<string, string>;

/**
 * The error KMS answers a cryptographic operation on a key that is not enabled with, as AWS
 * words it: DisabledException "<key ARN> is disabled.", KMSInvalidStateException
 * "<key ARN> is pending deletion.".
 */
export function keyStateError(key: KmsKey): AwsWireError | undefined {
  if (key.keyState === 'Disabled')
    return new AwsWireError('DisabledException', `${key.arn} is disabled.`);
  if (key.keyState === 'PendingDeletion') {
    return new AwsWireError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  }
  return undefined;
}

/** Throws the key-state error of a key that is not enabled. */
export function requireUsable(key: KmsKey): void {
  const error = keyStateError(key);
  if (error) throw error;
}
