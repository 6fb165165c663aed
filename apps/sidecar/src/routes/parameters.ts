import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowsParameter, type Grant } from '../auth/scopes.js';
import type { HandlerContext } from '../context.js';
import { failure, type HttpFailure } from '../error-table.js';
import { serializeParameter } from '../parameter-body.js';
import type { ParameterQuery } from '../parameter-query.js';
import type { GetParameterOptions, ParameterValueResult } from '../source.js';
import { TIMED_OUT, timeoutFailure, withinTimeout } from '../timeout.js';
import { failureFromError } from '../upstream-error.js';
import { logFailure } from './compat.js';
import { sendBody, sendFailure } from './respond.js';

const STALE_HEADER = { 'x-vaultline-stale': 'true' };

const outOfScope = (grant: Grant, name: string): HttpFailure =>
  failure(
    'OUT_OF_SCOPE',
    `the token '${grant.name}' may not read the parameter '${name.length > 128 ? `${name.slice(0, 128)}...` : name}': add a matching prefix to its parameters in the sidecar settings (a /aws/reference/secretsmanager/ name needs the secret in its secrets), or use a token that has one`,
  );

function refuse(res: ServerResponse, ctx: HandlerContext, failed: HttpFailure): number {
  sendFailure(res, ctx, failed);
  return failed.status;
}

function optionsOf(ctx: HandlerContext, query: ParameterQuery): GetParameterOptions {
  const options: GetParameterOptions = { withDecryption: query.withDecryption };
  if (query.refreshNow === undefined) return options;
  return {
    ...options,
    refreshNow: query.refreshNow,
    onRefreshFailure: ctx.settings.stale_on_refresh_failure ? 'serve-stale' : 'throw',
  };
}

/** Writes the parameter after checking the token's scope on the name Parameter Store gave. */
function answerParameter(
  ctx: HandlerContext,
  res: ServerResponse,
  grant: Grant,
  parameter: ParameterValueResult,
): number {
  if (!allowsParameter(grant, parameter.Name)) {
    ctx.metrics.tokenRejected('scope');
    return refuse(res, ctx, outOfScope(grant, parameter.Name));
  }
  const extra = parameter.stale === true ? STALE_HEADER : undefined;
  if (extra) ctx.metrics.staleServed();
  sendBody(res, ctx.state, 200, serializeParameter(parameter), extra);
  return 200;
}

/**
 * GET /systemsmanager/parameters/get: the Parameters and Secrets Lambda Extension's
 * parameter route, answering GetParameter's output. Checks the token's scope before asking
 * the resolver and again on the name it returns, and waits for the resolver at most
 * request_timeout_seconds (then 504). Resolves with the status answered.
 *
 * @example
 * const status = await serveParameter(ctx, req, res, grant, parseParameterQuery('name=%2Fprod%2Fdb%2Fhost'));
 */
export async function serveParameter(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  grant: Grant,
  query: ParameterQuery,
): Promise<number> {
  if (!allowsParameter(grant, query.name)) {
    ctx.metrics.tokenRejected('scope');
    return refuse(res, ctx, outOfScope(grant, query.name));
  }
  const source = ctx.parameterSource ?? ctx.source;
  if (source.getParameter === undefined) {
    const message =
      'this sidecar was given a resolver without Parameter Store support: give it one that has getParameter';
    return refuse(res, ctx, failure('PARAMETERS_UNAVAILABLE', message));
  }
  const seconds = ctx.settings.request_timeout_seconds;
  try {
    const read = source.getParameter(query.reference, optionsOf(ctx, query));
    const parameter = await withinTimeout(read, seconds);
    // The caller left while the resolver worked: nothing to write.
    if (res.destroyed) return res.statusCode;
    if (parameter === TIMED_OUT) return refuse(res, ctx, timeoutFailure(seconds));
    return answerParameter(ctx, res, grant, parameter);
  } catch (error) {
    if (res.destroyed) return res.statusCode;
    const failed = failureFromError(error);
    logFailure(ctx, failed, error, req);
    return refuse(res, ctx, failed);
  }
}
