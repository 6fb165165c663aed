import type { ServerResponse } from 'node:http';
import { allowsConnection, type Grant } from '../auth/scopes.js';
import type { HandlerContext } from '../context.js';
import { failure, failureFromError } from '../error-table.js';
import { TIMED_OUT, timeoutFailure, withinTimeout } from '../timeout.js';
import { sendBody, sendFailure } from './respond.js';

/** The path segment under the path prefix that names connections. */
export const CONNECTIONS_SEGMENT = 'connections/';

/**
 * GET <path_prefix>connections/<name>: a connection with every secret reference resolved,
 * as `{"name": ..., "values": {...}, "stale": false}`. Only tokens granted the connection
 * (or "*") may read it. Waits for the resolver at most request_timeout_seconds (then 504).
 *
 * @example
 * await handleConnection(ctx, res, grant, 'orders-db', '');
 */
export async function handleConnection(
  ctx: HandlerContext,
  res: ServerResponse,
  grant: Grant,
  rawName: string,
  search: string,
): Promise<number> {
  if (search !== '') {
    const param = new URLSearchParams(search).keys().next().value ?? search;
    const failed = failure('BAD_REQUEST', `unknown parameter: ${String(param).slice(0, 64)}`);
    sendFailure(res, ctx.state, failed);
    return failed.status;
  }
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    const failed = failure('BAD_REQUEST', 'the connection name is not valid percent-encoding');
    sendFailure(res, ctx.state, failed);
    return failed.status;
  }
  if (name === '') {
    const failed = failure('BAD_REQUEST', 'missing connection name');
    sendFailure(res, ctx.state, failed);
    return failed.status;
  }
  if (!allowsConnection(grant, name)) {
    ctx.metrics.tokenRejected('scope');
    const failed = failure(
      'OUT_OF_SCOPE',
      `the token '${grant.name}' may not read the connection '${name.slice(0, 128)}': add it to the token's connections in the sidecar settings`,
    );
    sendFailure(res, ctx.state, failed);
    return failed.status;
  }
  const seconds = ctx.settings.request_timeout_seconds;
  try {
    const connection = await withinTimeout(ctx.source.resolveConnection(name), seconds);
    // The caller left while the resolver worked: nothing to write.
    if (res.destroyed) return res.statusCode;
    if (connection === TIMED_OUT) {
      const failed = timeoutFailure(seconds);
      sendFailure(res, ctx.state, failed);
      return failed.status;
    }
    if (connection.stale) ctx.metrics.staleServed();
    const body = JSON.stringify({
      name: connection.name,
      values: connection.values,
      stale: connection.stale,
    });
    sendBody(
      res,
      ctx.state,
      200,
      body,
      connection.stale ? { 'x-vaultline-stale': 'true' } : undefined,
    );
    return 200;
  } catch (error) {
    if (res.destroyed) return res.statusCode;
    const failed = failureFromError(error);
    if (failed.code === 'INTERNAL') ctx.logger.error({ err: error }, 'internal failure');
    sendFailure(res, ctx.state, failed);
    return failed.status;
  }
}
