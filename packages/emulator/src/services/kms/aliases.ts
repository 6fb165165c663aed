// kms:CreateAlias and kms:ListAliases.
import { AwsWireError, authError } from '../../http/wire-error.js';
import { requireAllowed } from '../authorization.js';
import type { JsonHandler } from '../json-handler.js';
import { keyFor, requiredText } from './common.js';

/** kms:CreateAlias. */
export const createAlias: JsonHandler = (ctx, input) => {
  const alias = requiredText(input, 'AliasName');
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(alias) || alias.startsWith('alias/aws/')) {
    throw new AwsWireError(
      'InvalidAliasNameException',
      `Alias ${alias} must start with alias/ and must not begin with alias/aws/.`,
    );
  }
  const key = keyFor(ctx, requiredText(input, 'TargetKeyId'), 'kms:CreateAlias');
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
export const listAliases: JsonHandler = (ctx, input) => {
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
