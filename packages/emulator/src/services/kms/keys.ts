// kms:CreateKey and kms:DescribeKey.
import { requireAllowed } from '../authorization.js';
import type { JsonHandler } from '../json-handler.js';
import { keyFor, keyMetadata, parseKeyPolicy, requiredText } from './common.js';

/** kms:CreateKey (customer managed, symmetric). */
export const createKey: JsonHandler = (ctx, input) => {
  const accountId = ctx.caller.principal.accountId;
  requireAllowed(ctx, { action: 'kms:CreateKey', resource: '*', resourceAccountId: accountId });
  const policy = typeof input.Policy === 'string' ? parseKeyPolicy(input.Policy) : undefined;
  const key = ctx.world.kms.createKey({
    accountId,
    region: ctx.region,
    description: typeof input.Description === 'string' ? input.Description : '',
    policy,
  });
  return { KeyMetadata: keyMetadata(key) };
};

/** kms:DescribeKey by id, ARN, alias or alias ARN. */
export const describeKey: JsonHandler = (ctx, input) => ({
  KeyMetadata: keyMetadata(keyFor(ctx, requiredText(input, 'KeyId'), 'kms:DescribeKey')),
});
