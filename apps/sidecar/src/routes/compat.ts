import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowsSecret, type Grant } from '../auth/scopes.js';
import type { HandlerContext } from '../context.js';
import { failure, failureFromError, type HttpFailure } from '../error-table.js';
import { selectKey } from '../json-key.js';
import type { SecretQuery } from '../query.js';
import { secretBody, serializeSecret } from '../secret-body.js';
import type { GetSecretOptions, SecretValueResult } from '../source.js';
import { sendBody, sendFailure } from './respond.js';

const STALE_HEADER = { 'x-vaultline-stale': 'true' };

const outOfScope = (grant: Grant, name: string): HttpFailure =>
  failure(
    'OUT_OF_SCOPE',
    `the token '${grant.name}' may not read '${name.length > 128 ? `${name.slice(0, 128)}...` : name}': add a matching prefix to its secrets in the sidecar settings, or use a token that has one`,
  );

/** The version the query names (id, stage or both), or undefined for AWSCURRENT. */
function versionOf(
  query: SecretQuery,
): Pick<GetSecretOptions, 'versionId' | 'versionStage'> | undefined {
  if (query.versionId === undefined && query.versionStage === undefined) return undefined;
  return {
    ...(query.versionId !== undefined ? { versionId: query.versionId } : {}),
    ...(query.versionStage !== undefined ? { versionStage: query.versionStage } : {}),
  };
}

/** Writes a secret (or the asked key of it) that passed the token's scope. */
function answer(
  ctx: HandlerContext,
  res: ServerResponse,
  grant: Grant,
  query: SecretQuery,
  secret: SecretValueResult,
): number {
  if (secret.Name !== undefined && !allowsSecret(grant, secret.Name)) {
    ctx.metrics.tokenRejected('scope');
    const refused = outOfScope(grant, secret.Name);
    sendFailure(res, ctx.state, refused);
    return refused.status;
  }
  const extra = secret.stale === true ? STALE_HEADER : undefined;
  if (extra) ctx.metrics.staleServed();
  if (query.key === undefined) {
    sendBody(res, ctx.state, 200, secretBody(secret), extra);
    return 200;
  }
  const selected = selectKey(secret, query.key);
  if (typeof selected !== 'string') {
    sendFailure(res, ctx.state, selected);
    return selected.status;
  }
  sendBody(res, ctx.state, 200, serializeSecret(secret, selected), extra);
  return 200;
}

/**
 * GET /secretsmanager/get and GET <path_prefix><secretId>: the agent's API. Checks the
 * token's scope before asking the resolver and again on the name it returns (an ARN or a
 * version could otherwise name a secret outside the scope). A fresh cached value is
 * answered at once, without a promise (the status is returned); anything else waits for
 * the resolver under the 504 watchdog (a promise of the status).
 *
 * @example
 * const status = serveSecret(ctx, req, res, grant, { secretId: 'prod/app1/db' });
 */
export function serveSecret(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  grant: Grant,
  query: SecretQuery,
): number | Promise<number> {
  if (!allowsSecret(grant, query.secretId)) {
    ctx.metrics.tokenRejected('scope');
    const refused = outOfScope(grant, query.secretId);
    sendFailure(res, ctx.state, refused);
    return refused.status;
  }
  if (query.refreshNow !== true && ctx.source.peekSecret !== undefined) {
    const cached = ctx.source.peekSecret(query.secretId, versionOf(query));
    if (cached !== undefined) return answer(ctx, res, grant, query, cached);
  }
  return fetchAndAnswer(ctx, req, res, grant, query);
}

async function fetchAndAnswer(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  grant: Grant,
  query: SecretQuery,
): Promise<number> {
  ctx.watchdog.watch(res);
  try {
    const version = versionOf(query);
    const options =
      query.refreshNow === undefined ? version : { ...version, refreshNow: query.refreshNow };
    const secret = await ctx.source.getSecret(query.secretId, options);
    // The watchdog answered 504 already (or the caller left): nothing more to write.
    if (res.headersSent || res.destroyed) return res.statusCode;
    return answer(ctx, res, grant, query, secret);
  } catch (error) {
    if (res.headersSent || res.destroyed) return res.statusCode;
    const failed = failureFromError(error);
    if (failed.code === 'INTERNAL') {
      ctx.logger.error({ err: error, path: req.url?.split('?')[0] }, 'internal failure');
    } else {
      ctx.logger.debug({ code: failed.code, status: failed.status }, 'secret request failed');
    }
    sendFailure(res, ctx.state, failed);
    return failed.status;
  } finally {
    // The wait is over (answered in this turn): no need to keep the response until a sweep.
    ctx.watchdog.release(res);
  }
}
