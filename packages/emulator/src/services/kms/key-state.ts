// The key's state: kms:EnableKey, DisableKey, ScheduleKeyDeletion and CancelKeyDeletion.
import { AwsWireError } from '../../http/wire-error.js';
import type { JsonHandler } from '../json-handler.js';
import { keyFor, keyStateError, requiredText } from './common.js';

/** kms:EnableKey: a disabled key becomes usable again (not one pending deletion). */
export const enableKey: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:EnableKey');
  if (key.keyState === 'PendingDeletion') throw keyStateError(key)!;
  key.keyState = 'Enabled';
  return {};
};

/** kms:DisableKey: Encrypt/Decrypt (and Secrets Manager's use of the key) fail until EnableKey. */
export const disableKey: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:DisableKey');
  if (key.keyState === 'PendingDeletion') throw keyStateError(key)!;
  key.keyState = 'Disabled';
  return {};
};

const DAY_MS = 86_400_000;

/**
 * kms:ScheduleKeyDeletion (PendingWindowInDays 7 to 30, default 30): the key is unusable at
 * once. The emulator never actually deletes it; CancelKeyDeletion brings it back disabled.
 */
export const scheduleKeyDeletion: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:ScheduleKeyDeletion');
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
export const cancelKeyDeletion: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:CancelKeyDeletion');
  if (key.keyState !== 'PendingDeletion') {
    throw new AwsWireError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
  }
  key.keyState = 'Disabled';
  key.deletionDate = undefined;
  return { KeyId: key.arn };
};
