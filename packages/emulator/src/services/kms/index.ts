// The KMS (TrentService) actions, one module per group as in ../secretsmanager/.
import type { JsonHandler } from '../json-handler.js';
import { createAlias, listAliases } from './aliases.js';
import { decrypt, encrypt } from './crypto.js';
import { getKeyPolicy, putKeyPolicy } from './key-policy.js';
import { cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion } from './key-state.js';
import { createKey, describeKey } from './keys.js';

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
