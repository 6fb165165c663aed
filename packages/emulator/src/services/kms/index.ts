import { AwsWireError, authError } from '../../http/wire-error.js';
import type { PolicyDocument } from '../../iam/types.js';
import type { KmsKey } from '../../state/kms-store.js';
import { decideKms, requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';
import type { JsonHandler } from '../json-handler.js';

const text = (input: Record<string, unknown>, field: string): string => {
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
function keyFor(ctx: CallContext, ref: string, action: string): KmsKey {
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
  if (!decision.allowed) throw authError('denied', 'json', decision.message);
  return key;
}

const metadata = (key: KmsKey) => ({
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

function parseKeyPolicy(text: string): PolicyDocument {
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

const contextOf = (input: Record<string, unknown>): Record<string, string> =>
  (input.EncryptionContext ?? {}) as Record<string, string>;

/** kms:CreateKey (customer managed, symmetric). */
const createKey: JsonHandler = (ctx, input) => {
  const accountId = ctx.caller.principal.accountId;
  requireAllowed(ctx, { action: 'kms:CreateKey', resource: '*', resourceAccountId: accountId });
  const policy = typeof input.Policy === 'string' ? parseKeyPolicy(input.Policy) : undefined;
  const key = ctx.world.kms.createKey({
    accountId,
    region: ctx.region,
    description: typeof input.Description === 'string' ? input.Description : '',
    policy,
  });
  return { KeyMetadata: metadata(key) };
};

/** kms:DescribeKey by id, ARN, alias or alias ARN. */
const describeKey: JsonHandler = (ctx, input) => ({
  KeyMetadata: metadata(keyFor(ctx, text(input, 'KeyId'), 'kms:DescribeKey')),
});

/** kms:CreateAlias. */
const createAlias: JsonHandler = (ctx, input) => {
  const alias = text(input, 'AliasName');
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(alias) || alias.startsWith('alias/aws/')) {
    throw new AwsWireError(
      'InvalidAliasNameException',
      `Alias ${alias} must start with alias/ and must not begin with alias/aws/.`,
    );
  }
  const key = keyFor(ctx, text(input, 'TargetKeyId'), 'kms:CreateAlias');
  if (key.accountId !== ctx.caller.principal.accountId) {
    throw authError('denied', 'json', 'An alias can only point to a key in the same account.');
  }
  if (!ctx.world.kms.createAlias(alias, key)) {
    throw new AwsWireError(
      'AlreadyExistsException',
      `An alias with the name arn:aws:kms:${key.region}:${key.accountId}:${alias} already exists`,
    );
  }
  return {};
};

/** kms:ListAliases of the caller's account and region (optionally of one key). */
const listAliases: JsonHandler = (ctx, input) => {
  const accountId = ctx.caller.principal.accountId;
  requireAllowed(ctx, { action: 'kms:ListAliases', resource: '*', resourceAccountId: accountId });
  // The AWS managed key of Secrets Manager exists in every account and region.
  ctx.world.kms.secretsManagerKey(accountId, ctx.region);
  const keyId =
    typeof input.KeyId === 'string'
      ? ctx.world.kms.resolve(input.KeyId, accountId, ctx.region)?.keyId
      : undefined;
  const aliases = ctx.world.kms.listAliases(accountId, ctx.region, keyId);
  return {
    Aliases: aliases.map((a) => ({
      AliasName: a.name,
      AliasArn: `arn:aws:kms:${ctx.region}:${accountId}:${a.name}`,
      TargetKeyId: a.keyId,
    })),
    Truncated: false,
  };
};

/** kms:GetKeyPolicy (the policy name is always `default`). */
const getKeyPolicy: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:GetKeyPolicy');
  return { Policy: JSON.stringify(key.policy), PolicyName: 'default' };
};

/** kms:PutKeyPolicy; AWS managed keys' policies cannot be changed. */
const putKeyPolicy: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:PutKeyPolicy');
  if (key.keyManager === 'AWS') {
    throw authError(
      'denied',
      'json',
      `The key policy of the AWS managed key ${key.arn} cannot be changed.`,
    );
  }
  key.policy = parseKeyPolicy(text(input, 'Policy'));
  return {};
};

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

function requireUsable(key: KmsKey): void {
  const error = keyStateError(key);
  if (error) throw error;
}

/** kms:EnableKey: a disabled key becomes usable again (not one pending deletion). */
const enableKey: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:EnableKey');
  if (key.keyState === 'PendingDeletion') throw keyStateError(key)!;
  key.keyState = 'Enabled';
  return {};
};

/** kms:DisableKey: Encrypt/Decrypt (and Secrets Manager's use of the key) fail until EnableKey. */
const disableKey: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:DisableKey');
  if (key.keyState === 'PendingDeletion') throw keyStateError(key)!;
  key.keyState = 'Disabled';
  return {};
};

const DAY_MS = 86_400_000;

/**
 * kms:ScheduleKeyDeletion (PendingWindowInDays 7 to 30, default 30): the key is unusable at
 * once. The emulator never actually deletes it; CancelKeyDeletion brings it back disabled.
 */
const scheduleKeyDeletion: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:ScheduleKeyDeletion');
  const days = input.PendingWindowInDays === undefined ? 30 : Number(input.PendingWindowInDays);
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new AwsWireError(
      'ValidationException',
      `1 validation error detected: Value '${String(input.PendingWindowInDays)}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`,
    );
  }
  if (key.keyState === 'PendingDeletion') throw keyStateError(key)!;
  key.keyState = 'PendingDeletion';
  key.deletionDate = new Date(Date.now() + days * DAY_MS);
  return {
    KeyId: key.arn,
    DeletionDate: key.deletionDate.getTime() / 1000,
    KeyState: key.keyState,
    PendingWindowInDays: days,
  };
};

/** kms:CancelKeyDeletion: the key leaves PendingDeletion as Disabled, as on AWS. */
const cancelKeyDeletion: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:CancelKeyDeletion');
  if (key.keyState !== 'PendingDeletion') {
    throw new AwsWireError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
  }
  key.keyState = 'Disabled';
  key.deletionDate = undefined;
  return { KeyId: key.arn };
};

/** kms:Encrypt with AES-256-GCM under the key's own random material. */
const encrypt: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, text(input, 'KeyId'), 'kms:Encrypt');
  requireUsable(key);
  const plaintext = Buffer.from(text(input, 'Plaintext'), 'base64');
  if (plaintext.length > 4096) {
    throw new AwsWireError('ValidationException', 'Plaintext must be at most 4096 bytes.');
  }
  const blob = ctx.world.kms.encrypt(key, plaintext, contextOf(input));
  return {
    CiphertextBlob: blob.toString('base64'),
    KeyId: key.arn,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  };
};

/** kms:Decrypt; the key comes from the ciphertext (a KeyId, when given, must agree). */
const decrypt: JsonHandler = (ctx, input) => {
  const blob = Buffer.from(text(input, 'CiphertextBlob'), 'base64');
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
  const plaintext = ctx.world.kms.decrypt(key, blob, contextOf(input));
  if (!plaintext) throw new AwsWireError('InvalidCiphertextException', '');
  return {
    Plaintext: plaintext.toString('base64'),
    KeyId: key.arn,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  };
};

/** The KMS (TrentService) actions the emulator serves. */
export const KMS_ACTIONS: Record<string, JsonHandler> = {
  CancelKeyDeletion: cancelKeyDeletion,
  CreateAlias: createAlias,
  CreateKey: createKey,
  Decrypt: decrypt,
  DescribeKey: describeKey,
  DisableKey: disableKey,
  EnableKey: enableKey,
  Encrypt: encrypt,
  GetKeyPolicy: getKeyPolicy,
  ListAliases: listAliases,
  PutKeyPolicy: putKeyPolicy,
  ScheduleKeyDeletion: scheduleKeyDeletion,
};
