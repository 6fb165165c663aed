import type { JsonHandler } from '../json-handler.js';
import { deleteSecret, restoreSecret } from './lifecycle.js';
import { describeSecret, listSecrets, listSecretVersionIds } from './list.js';
import { batchGetSecretValue, getSecretValue } from './read.js';
import { replicateSecretToRegions } from './replication.js';
import { cancelRotateSecret, rotateSecret } from './rotation.js';
import { updateSecret } from './update.js';
import {
  createSecret,
  deleteResourcePolicy,
  getResourcePolicy,
  putResourcePolicy,
  putSecretValue,
  tagResource,
  untagResource,
  updateSecretVersionStage,
} from './write.js';

/** The Secrets Manager actions the emulator serves, by X-Amz-Target operation name. */
export const SECRETS_MANAGER_ACTIONS: Record<string, JsonHandler> = {
  BatchGetSecretValue: batchGetSecretValue,
  CancelRotateSecret: cancelRotateSecret,
  CreateSecret: createSecret,
  DeleteResourcePolicy: deleteResourcePolicy,
  DeleteSecret: deleteSecret,
  DescribeSecret: describeSecret,
  GetResourcePolicy: getResourcePolicy,
  GetSecretValue: getSecretValue,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  PutResourcePolicy: putResourcePolicy,
  PutSecretValue: putSecretValue,
  ReplicateSecretToRegions: replicateSecretToRegions,
  RestoreSecret: restoreSecret,
  RotateSecret: rotateSecret,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
};
