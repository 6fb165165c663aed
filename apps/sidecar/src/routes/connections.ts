import type { ServerResponse } from 'node:http';
import { allowsConnection, type Grant } from '../auth/scopes.js';
import type { HandlerContext } from '../context.js';
import { failure, type HttpFailure } from '../error-table.js';
import { parseRefreshNow } from '../query.js';
import type { GetSecretOptions } from '../source.js';
import { TIMED_OUT, timeoutFailure, withinTimeout } from '../timeout.js';
import { failureFromError } from '../upstream-error.js';
import { logFailure } from './compat.js';
import { sendBody, sendFailure } from './respond.js';

/** The path segment under the path prefix that names connections. */
export const CONNECTIONS_SEGMENT = 'connections/';

type RefreshOptions = Pick<GetSecretOptions, 'refreshNow' | 'onRefreshFailure'>;

/** The connection route's query: only `refreshNow`, with the agent's values. */
function parseConnectionQuery(ctx: HandlerContext, search: string): RefreshOptions | HttpFailure {
  const options: RefreshOptions = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (name !== 'refreshNow') {
      return failure(
        'BAD_REQUEST',
        `unknown parameter: ${name.slice(0, 64)}`,
        `unknown parameter: ${name}`,
      );
    }
    const refresh = parseRefreshNow(value);
    if (typeof refresh !== 'boolean') return refresh;
    options.refreshNow = refresh;
    options.onRefreshFailure = ctx.settings.stale_on_refresh_failure ? 'serve-stale' : 'throw';
  }
  return options;
}

function refuse(ctx: HandlerContext, res: ServerResponse, failed: HttpFailure): number {
  sendFailure(res, ctx, failed);
  return failed.status;
}

/** The connection name of the path, percent-decoded, or the refusal. */
function connectionName(rawName: string): string | HttpFailure {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return failure('BAD_REQUEST', 'the connection name is not valid percent-encoding');
  }
  return name === '' ? failure('BAD_REQUEST', 'missing connection name') : name;
}

/**
 * GET <path_prefix>connections/<name>[?refreshNow=true]: a connection with every secret
 * reference resolved, as `{"name": ..., "values": {...}, "stale": false}`. Only tokens
 * granted the connection (or "*") may read it. `refreshNow=true` asks AWS for every secret
 * of the connection at once (one BatchGetSecretValue per 20), for a program whose login
 * failed right after a rotation; as for one secret, an AWS failure then answers the error.
 * Waits for the resolver at most request_timeout_seconds (then 504).
 *
 * @example
 * await handleConnection(ctx, res, grant, 'orders-db', 'refreshNow=true');
 */
export async function handleConnection(
  ctx: HandlerContext,
  res: ServerResponse,
  grant: Grant,
  rawName: string,
  search: string,
): Promise<number> {
  const options = parseConnectionQuery(ctx, search);
  if ('status' in options) return refuse(ctx, res, options);
  const name = connectionName(rawName);
  if (typeof name !== 'string') return refuse(ctx, res, name);
  if (!allowsConnection(grant, name)) {
    ctx.metrics.tokenRejected('scope');
    return refuse(
      ctx,
      res,
      failure(
        'OUT_OF_SCOPE',
        `the token '${grant.name}' may not read the connection '${name.slice(0, 128)}': add it to the token's connections in the sidecar settings`,
      ),
    );
  }
  const seconds = ctx.settings.request_timeout_seconds;
  try {
    const connection = await withinTimeout(ctx.source.resolveConnection(name, options), seconds);
    // The caller left while the resolver worked: nothing to write.
    if (res.destroyed) return res.statusCode;
    if (connection === TIMED_OUT) return refuse(ctx, res, timeoutFailure(seconds));
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
    logFailure(ctx, failed, error);
    return refuse(ctx, res, failed);
  }
}
