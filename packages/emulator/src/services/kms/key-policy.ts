// kms:GetKeyPolicy and kms:PutKeyPolicy.
import { authError } from '../../http/wire-error.js';
import type { JsonHandler } from '../json-handler.js';
import { keyFor, parseKeyPolicy, requiredText } from './common.js';

/** kms:GetKeyPolicy (the policy name is always `default`). */
export const getKeyPolicy: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:GetKeyPolicy');
  return { Policy: JSON.stringify(key.policy), PolicyName: 'default' };
};

/** kms:PutKeyPolicy; AWS managed keys' policies cannot be changed. */
export const putKeyPolicy: JsonHandler = (ctx, input) => {
  const key = keyFor(ctx, requiredText(input, 'KeyId'), 'kms:PutKeyPolicy');
  if (key.keyManager === 'AWS') {
    throw authError(
      'denied',
      'json',
      `The key policy of the AWS managed key ${key.arn} cannot be changed.`,
    );
  }
  key.policy = parseKeyPolicy(requiredText(input, 'Policy'));
  return {};
};
