import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowsRole, allowsSecret, type Grant } from '../auth/scopes.js';
import type { HandlerContext } from '../context.js';
import { failure, type HttpFailure } from '../error-table.js';
import { selectKey } from '../json-key.js';
import type { SecretQuery } from '../query.js';
import { serializeSecret } from '../secret-body.js';
import type { GetSecretOptions, SecretSource, SecretValueResult } from '../source.js';
import { TIMED_OUT, timeoutFailure, withinTimeout } from '../timeout.js';
import { failureFromError } from '../upstream-error.js';
import { sendBody, sendFailure } from './respond.js';

const STALE_HEADER = { 'x-vaultline-stale': 'true' };

const outOfScope = (grant: Grant, name: string): HttpFailure =>
  failure(
    'OUT_OF_SCOPE',
    `the token '${grant.name}' may not read '${name.length > 128 ? `${name.slice(0, 128)}...` : name}': add a matching prefix to its secrets in the sidecar settings, or use a token that has one`,
  );

/** The version the query names (id, stage or both), or undefined for AWSCURRENT. */
export function versionOf(
  query: SecretQuery,
): Pick<GetSecretOptions, 'versionId' | 'versionStage'> | undefined {
  if (query.versionId === undefined && query.versionStage === undefined) return undefined;
  return {
    ...(query.versionId !== undefined ? { versionId: query.versionId } : {}),
    ...(query.versionStage !== undefined ? { versionStage: query.versionStage } : {}),
  };
}

/**
 * Writes a secret the resolver gave (or the asked key of it), after checking the token's
 * scope on the name it returns (an ARN or a version could otherwise name a secret outside
 * the scope); returns the status.
 *
 * @example
 * const status = answerSecret(ctx, res, grant, query, await resolver.getSecret('prod/db'));
 */
export function answerSecret(
  ctx: HandlerContext,
  res: ServerResponse,
  grant: Grant,
  query: SecretQuery,
  secret: SecretValueResult,
): number {
  if (secret.Name !== undefined && !allowsSecret(grant, secret.Name)) {
    ctx.metrics.tokenRejected('scope');
    return refuse(res, ctx, outOfScope(grant, secret.Name));
  }
  const extra = secret.stale === true ? STALE_HEADER : undefined;
  if (extra) ctx.metrics.staleServed();
  if (query.key === undefined) {
    sendBody(res, ctx.state, 200, ctx.bodies.of(secret), extra);
    return 200;
  }
  const selected = selectKey(secret, query.key);
  if (typeof selected !== 'string') return refuse(res, ctx, selected);
  sendBody(res, ctx.state, 200, serializeSecret(secret, selected), extra);
  return 200;
}

function refuse(res: ServerResponse, ctx: HandlerContext, failed: HttpFailure): number {
  sendFailure(res, ctx, failed);
  return failed.status;
}

/**
 * GET /secretsmanager/get and GET <path_prefix><secretId>: the agent's API. Checks the
 * token's scope before asking the resolver and again on the name it returns, and waits for
 * the resolver at most request_timeout_seconds (then 504). Resolves with the status
 * answered. (Fresh cache hits are answered before this, in hot-path.ts.)
 *
 * @example
 * const status = await serveSecret(ctx, req, res, grant, { secretId: 'prod/app1/db' });
 */
export async function serveSecret(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  grant: Grant,
  query: SecretQuery,
): Promise<number> {
  if (!allowsSecret(grant, query.secretId)) {
    ctx.metrics.tokenRejected('scope');
    return refuse(res, ctx, outOfScope(grant, query.secretId));
  }
  const source = await sourceFor(ctx, grant, query);
  if ('status' in source) return refuse(res, ctx, source);
  const seconds = ctx.settings.request_timeout_seconds;
  try {
    const secret = await withinTimeout(
      source.getSecret(query.secretId, optionsOf(ctx, query)),
      seconds,
    );
    // The caller left while the resolver worked: nothing to write.
    if (res.destroyed) return res.statusCode;
    if (secret === TIMED_OUT) return refuse(res, ctx, timeoutFailure(seconds));
    return answerSecret(ctx, res, grant, query, secret);
  } catch (error) {
    if (res.destroyed) return res.statusCode;
    const failed = failureFromError(error);
    logFailure(ctx, failed, error, req);
    return refuse(res, ctx, failed);
  }
}

/**
 * The source a query reads from: the sidecar's own, or with `roleArn` the role's (a token
 * must name the role in its `roles` to use it).
 */
async function sourceFor(
  ctx: HandlerContext,
  grant: Grant,
  query: SecretQuery,
): Promise<SecretSource | HttpFailure> {
  const { roleArn } = query;
  if (roleArn === undefined) return ctx.source;
  if (!allowsRole(grant, roleArn)) {
    ctx.metrics.tokenRejected('scope');
    return failure(
      'OUT_OF_SCOPE',
      `the token '${grant.name}' may not use the role '${roleArn}': add it to the token's roles in the sidecar settings`,
    );
  }
  if (!ctx.roles) {
    return failure('BAD_REQUEST', 'roleArn is not available: this sidecar was given its resolver');
  }
  const source = await ctx.roles.get(roleArn);
  if ('status' in source) ctx.logger.warn({ roleArn, code: source.code }, 'roleArn refused');
  return source;
}

/**
 * vaultline's explanation of a failure goes to the log beside the agent's answer: the
 * resolver's own message (secret id, action, AWS code: never a value) and its hint.
 */
export function logFailure(
  ctx: HandlerContext,
  failed: HttpFailure,
  error: unknown,
  req?: IncomingMessage,
): void {
  if (failed.code === 'INTERNAL') {
    ctx.logger.error({ err: error, path: req?.url?.split('?')[0] }, 'internal failure');
    return;
  }
  ctx.logger.info(
    {
      code: failed.code,
      status: failed.status,
      type: failed.type,
      detail: (error as Error | null)?.message,
      hint: failed.hint,
    },
    'request failed',
  );
}

/**
 * The resolver's options for a query: its version, and refreshNow when given. As the agent,
 * a refreshNow that AWS fails answers the error and leaves the cache alone, unless
 * stale_on_refresh_failure asks for the last value instead.
 */
function optionsOf(ctx: HandlerContext, query: SecretQuery): GetSecretOptions | undefined {
  const version = versionOf(query);
  if (query.refreshNow === undefined) return version;
  return {
    ...version,
    refreshNow: query.refreshNow,
    onRefreshFailure: ctx.settings.stale_on_refresh_failure ? 'serve-stale' : 'throw',
  };
}
