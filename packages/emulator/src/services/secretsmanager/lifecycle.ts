import type { JsonHandler } from '../json-handler.js';
import { epoch, invalidParameter, invalidRequest, locateSecret, requiredString } from './common.js';

const DAY_MS = 86_400_000;

/** secretsmanager:DeleteSecret: scheduled with a recovery window, or forced. */
export const deleteSecret: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:DeleteSecret',
    {
      allowDeleted: true,
    },
  );
  const force = input.ForceDeleteWithoutRecovery === true;
  const windowDays =
    input.RecoveryWindowInDays === undefined ? undefined : Number(input.RecoveryWindowInDays);
  if (force && windowDays !== undefined) {
    throw invalidParameter(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  }
  if (
    windowDays !== undefined &&
    (!Number.isInteger(windowDays) || windowDays < 7 || windowDays > 30)
  ) {
    throw invalidParameter(
      'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    );
  }
  if (record.deletedDate && !force) {
    throw invalidRequest(
      "You can't perform this operation on the secret because it was already scheduled for deletion.",
    );
  }
  const now = new Date();
  if (force) {
    ctx.world.secrets.remove(record);
    return { ARN: record.arn, Name: record.name, DeletionDate: epoch(now) };
  }
  record.deletedDate = now;
  record.deletionDate = new Date(now.getTime() + (windowDays ?? 30) * DAY_MS);
  return { ARN: record.arn, Name: record.name, DeletionDate: epoch(record.deletionDate) };
};

/** secretsmanager:RestoreSecret: cancels a scheduled deletion. */
export const restoreSecret: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:RestoreSecret',
    {
      allowDeleted: true,
    },
  );
  record.deletedDate = undefined;
  record.deletionDate = undefined;
  return { ARN: record.arn, Name: record.name };
};
