// kms:Encrypt and kms:Decrypt.
import { AwsWireError } from '../../http/wire-error.js';
import type { JsonHandler } from '../json-handler.js';
import { encryptionContextOf, keyFor, requiredText, requireUsable } from './common.js';

/** kms:Encrypt with AES-256-GCM under the key's own random material. */
export const encrypt: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:Encrypt');
  requireUsable(key);
  const plaintext = Buffer.from(requiredText(input, 'Plaintext'), 'base64');
  if (plaintext.length > 4096) {
    throw new AwsWireError('ValidationException', 'Plaintext must be at most 4096 bytes.');
  }
  const blob = ctx.world.kms.encrypt(key, plaintext, encryptionContextOf(input));
  return {
    CiphertextBlob: blob.toString('base64'),
    KeyId: key.arn,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  };
};

/** kms:Decrypt; the key comes from the ciphertext (a KeyId, when given, must agree). */
export const decrypt: JsonHandler = (ctx, input) => {
  const blob = Buffer.from(requiredText(input, 'CiphertextBlob'), 'base64');
  const embedded = ctx.world.kms.keyOfCiphertext(blob);
  if (!embedded) throw new AwsWireError('InvalidCiphertextException', '');
  const key = keyFor(ctx, embedded.arn, 'kms:Decrypt');
  if (typeof input.KeyId === 'string') {
    const named = ctx.world.kms.resolve(input.KeyId, ctx.caller.principal.accountId, ctx.region);
    if (named?.keyId !== key.keyId) {
      throw new AwsWireError(
        'IncorrectKeyException',
        'The key ID in the request does not identify a KMS key that can perform this operation.',
      );
    }
  }
  requireUsable(key);
  const plaintext = ctx.world.kms.decrypt(key, blob, encryptionContextOf(input));
  if (!plaintext) throw new AwsWireError('InvalidCiphertextException', '');
  return {
    Plaintext: plaintext.toString('base64'),
    KeyId: key.arn,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  };
};
