import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Grant } from './auth/scopes.js';
import type { HandlerContext } from './context.js';
import { failure, type HttpFailure } from './error-table.js';
import { answerCacheHit, memoizeParse } from './hot-path.js';
import { isFailure, parsePathStyle, parseQueryStyle, type SecretQuery } from './query.js';
import { serveSecret } from './routes/compat.js';
import { CONNECTIONS_SEGMENT, handleConnection } from './routes/connections.js';
import { handleMetrics } from './routes/metrics.js';
import { sendBody, sendFailure } from './routes/respond.js';

const HEALTHY = Buffer.from('healthy');
const ALLOW_GET = { allow: 'GET' };
// The agent's refusal texts are in aws_secretsmanager_provider/src/server.rs (validate_max_conn,
// validate_token, validate_method and the route match of get_result).
const NOT_ALLOWED = 'Not allowed';

/**
 * Builds the request listener. The checks run in the agent's order: connection limit (not
 * for /ping), X-Forwarded-For (400), token (403), method (405), then the route; /ping
 * answers `healthy` without a token. Refusals answer the agent's plain-text bodies, or
 * vaultline's JSON with `error_format = "json"` (routes/respond.ts).
 *
 * @example
 * const server = createServer(createRequestHandler(ctx));
 */
export function createRequestHandler(
  ctx: HandlerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { settings, state, metrics, logger } = ctx;
  const tokenHeaders = settings.ssrf_headers.map((name) => name.toLowerCase());
  const prefix = settings.path_prefix;
  const connectionsPrefix = `${prefix}${CONNECTIONS_SEGMENT}`;
  const queryStyle = memoizeParse(parseQueryStyle);
  // Keyed by the whole URL: the secret id is in the path, the options in the query.
  const pathStyle = memoizeParse((url) => {
    const mark = url.indexOf('?');
    return mark === -1
      ? parsePathStyle(url, '', prefix)
      : parsePathStyle(url.slice(0, mark), url.slice(mark + 1), prefix);
  });

  const finish = (route: string, status: number, start: number, req: IncomingMessage) => {
    const seconds = (performance.now() - start) / 1000;
    metrics.observeRequest(route, status, seconds);
    if (logger.isLevelEnabled('debug')) {
      logger.debug(
        { method: req.method, path: (req.url ?? '').split('?')[0], status, ms: seconds * 1000 },
        'request',
      );
    }
  };

  const refuse = (
    res: ServerResponse,
    req: IncomingMessage,
    route: string,
    failed: HttpFailure,
    start: number,
    extra?: Record<string, string>,
  ) => {
    sendFailure(res, ctx, failed, extra);
    finish(route, failed.status, start, req);
  };

  const failed = (
    error: unknown,
    res: ServerResponse,
    req: IncomingMessage,
    start: number,
    route = 'unknown',
  ) => {
    logger.error({ err: error }, 'request handler failed');
    if (!res.headersSent) sendFailure(res, ctx, failure('INTERNAL', ''));
    finish(route, 500, start, req);
  };

  const authenticate = (req: IncomingMessage): Grant | 'missing' | 'wrong' => {
    let presented = false;
    for (const header of tokenHeaders) {
      const value = req.headers[header];
      if (typeof value !== 'string') continue;
      presented = true;
      const grant = ctx.tokens.match(value);
      if (grant) return grant;
    }
    return presented ? 'wrong' : 'missing';
  };

  /** Records a route's answer once its work is done (or answers 500 if it threw). */
  const settle = (
    work: Promise<number>,
    route: string,
    req: IncomingMessage,
    res: ServerResponse,
    start: number,
  ) => {
    work.then(
      (status) => finish(route, status, start, req),
      (error: unknown) => failed(error, res, req, start, route),
    );
  };

  /** A secret request in either of the agent's styles: from the cache now, or waiting. */
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    grant: Grant,
    route: 'query' | 'path',
    query: Readonly<SecretQuery> | HttpFailure,
    start: number,
  ) => {
    if (isFailure(query)) return refuse(res, req, route, query, start);
    const status = answerCacheHit(ctx, res, grant, query);
    if (status !== undefined) return finish(route, status, start, req);
    settle(serveSecret(ctx, req, res, grant, query), route, req, res, start);
  };

  return (req, res) => {
    const start = performance.now();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const search = mark === -1 ? '' : url.slice(mark + 1);

    if (path === '/ping') {
      if (req.method !== 'GET') {
        refuse(
          res,
          req,
          'ping',
          failure('METHOD_NOT_ALLOWED', 'only GET is allowed', NOT_ALLOWED),
          start,
          ALLOW_GET,
        );
        return;
      }
      sendBody(res, state, 200, HEALTHY, undefined, 'text/plain; charset=utf-8');
      finish('ping', 200, start, req);
      return;
    }
    if (state.openConnections > settings.max_conn) {
      refuse(
        res,
        req,
        'limit',
        failure(
          'CONNECTION_LIMIT',
          `connection limit exceeded: more than ${settings.max_conn} connections are open; retry, or raise max_conn`,
          'Connection limit exceeded',
        ),
        start,
      );
      return;
    }
    if (req.headers['x-forwarded-for'] !== undefined) {
      logger.warn('refused a request with an X-Forwarded-For header');
      refuse(
        res,
        req,
        'forwarded',
        failure(
          'FORWARDED',
          'forwarded requests are refused: the sidecar serves only local callers, without a proxy in between',
          'Forwarded',
        ),
        start,
      );
      return;
    }
    if (path === '/metrics' && settings.metrics.enabled && !settings.metrics.require_token) {
      if (req.method !== 'GET') {
        return refuse(
          res,
          req,
          'metrics',
          failure('METHOD_NOT_ALLOWED', 'use GET', NOT_ALLOWED),
          start,
          ALLOW_GET,
        );
      }
      settle(handleMetrics(ctx, res), 'metrics', req, res, start);
      return;
    }
    const grant = authenticate(req);
    if (typeof grant === 'string') {
      metrics.tokenRejected(grant);
      logger.warn({ reason: grant }, 'refused a request with a missing or wrong token');
      refuse(
        res,
        req,
        'token',
        failure(
          'BAD_TOKEN',
          `missing or wrong token: send it in the ${settings.ssrf_headers[0]} header`,
          'Bad Token',
        ),
        start,
      );
      return;
    }
    if (req.method !== 'GET') {
      refuse(
        res,
        req,
        'method',
        failure(
          'METHOD_NOT_ALLOWED',
          `${String(req.method).slice(0, 16)} is not allowed: use GET`,
          NOT_ALLOWED,
        ),
        start,
        ALLOW_GET,
      );
      return;
    }

    // A route that throws before its first await (a cache hit is answered in this turn) gets
    // a 500 like one whose promise rejects.
    try {
      if (path === '/secretsmanager/get') {
        serve(req, res, grant, 'query', queryStyle(search), start);
      } else if (path.startsWith(connectionsPrefix)) {
        const name = path.slice(connectionsPrefix.length);
        settle(handleConnection(ctx, res, grant, name, search), 'connection', req, res, start);
      } else if (path.startsWith(prefix)) {
        serve(req, res, grant, 'path', pathStyle(url), start);
      } else if (path === '/metrics' && settings.metrics.enabled) {
        settle(handleMetrics(ctx, res), 'metrics', req, res, start);
      } else {
        refuse(res, req, 'unknown', failure('NOT_FOUND', 'not found', 'Not found'), start);
      }
    } catch (error) {
      failed(error, res, req, start);
    }
  };
}
