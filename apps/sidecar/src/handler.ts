import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Grant } from './auth/scopes.js';
import type { HandlerContext } from './context.js';
import { failure, type HttpFailure } from './error-table.js';
import { answerCacheHit, memoizeParse } from './hot-path.js';
import { PARAMETERS_PATH, parseParameterQuery } from './parameter-query.js';
import { isFailure, parsePathStyle, parseQueryStyle, type SecretQuery } from './query.js';
import { serveSecret } from './routes/compat.js';
import { CONNECTIONS_SEGMENT, handleConnection } from './routes/connections.js';
import { handleMetrics } from './routes/metrics.js';
import { serveParameter } from './routes/parameters.js';
import { sendBody, sendFailure } from './routes/respond.js';

const HEALTHY = Buffer.from('healthy');
const ALLOW_GET = { allow: 'GET' };
// The agent's refusal texts are in aws_secretsmanager_provider/src/server.rs (validate_max_conn,
// validate_token, validate_method and the route match of get_result).
const NOT_ALLOWED = 'Not allowed';

/** A refusal decided before the route: the route label for metrics, the failure, headers. */
type EarlyRefusal = [route: string, failed: HttpFailure, extra?: Record<string, string>];

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
  const handler = new RequestHandler(ctx);
  return (req, res) => handler.handle(req, res);
}

class RequestHandler {
  readonly #ctx: HandlerContext;
  readonly #tokenHeaders: string[];
  readonly #prefix: string;
  readonly #connectionsPrefix: string;
  readonly #queryStyle: (search: string) => Readonly<SecretQuery> | HttpFailure;
  readonly #pathStyle: (url: string) => Readonly<SecretQuery> | HttpFailure;

  constructor(ctx: HandlerContext) {
    this.#ctx = ctx;
    const prefix = ctx.settings.path_prefix;
    this.#tokenHeaders = ctx.settings.ssrf_headers.map((name) => name.toLowerCase());
    this.#prefix = prefix;
    this.#connectionsPrefix = `${prefix}${CONNECTIONS_SEGMENT}`;
    this.#queryStyle = memoizeParse(parseQueryStyle);
    // Keyed by the whole URL: the secret id is in the path, the options in the query.
    this.#pathStyle = memoizeParse((url) => {
      const mark = url.indexOf('?');
      return mark === -1
        ? parsePathStyle(url, '', prefix)
        : parsePathStyle(url.slice(0, mark), url.slice(mark + 1), prefix);
    });
  }

  handle(req: IncomingMessage, res: ServerResponse) {
    const start = performance.now();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const search = mark === -1 ? '' : url.slice(mark + 1);
    const { settings, state } = this.#ctx;

    if (path === '/ping') {
      if (req.method !== 'GET') {
        const refused = failure('METHOD_NOT_ALLOWED', 'only GET is allowed', NOT_ALLOWED);
        return this.#refuse(res, req, 'ping', refused, start, ALLOW_GET);
      }
      sendBody(res, state, 200, HEALTHY, undefined, 'text/plain; charset=utf-8');
      return this.#finish('ping', 200, start, req);
    }
    const early = this.#refusalBeforeToken(req);
    if (early) return this.#refuse(res, req, early[0], early[1], start, early[2]);
    if (path === '/metrics' && settings.metrics.enabled && !settings.metrics.require_token) {
      if (req.method !== 'GET') {
        const refused = failure('METHOD_NOT_ALLOWED', 'use GET', NOT_ALLOWED);
        return this.#refuse(res, req, 'metrics', refused, start, ALLOW_GET);
      }
      return this.#settle(handleMetrics(this.#ctx, res), 'metrics', req, res, start);
    }
    const grant = this.#authenticate(req);
    const refused = this.#refusalAfterToken(req, grant);
    if (refused) return this.#refuse(res, req, refused[0], refused[1], start, refused[2]);
    // A route that throws before its first await (a cache hit is answered in this turn) gets
    // a 500 like one whose promise rejects.
    try {
      this.#route(req, res, grant as Grant, url, path, search, start);
    } catch (error) {
      this.#failed(error, res, req, start);
    }
  }

  #route(
    req: IncomingMessage,
    res: ServerResponse,
    grant: Grant,
    url: string,
    path: string,
    search: string,
    start: number,
  ): void {
    const ctx = this.#ctx;
    if (path === '/secretsmanager/get') {
      this.#serve(req, res, grant, 'query', this.#queryStyle(search), start);
    } else if (path === PARAMETERS_PATH || path === `${PARAMETERS_PATH}/`) {
      this.#serveParameter(req, res, grant, search, start);
    } else if (path.startsWith(this.#connectionsPrefix)) {
      const name = path.slice(this.#connectionsPrefix.length);
      this.#settle(handleConnection(ctx, res, grant, name, search), 'connection', req, res, start);
    } else if (path.startsWith(this.#prefix)) {
      this.#serve(req, res, grant, 'path', this.#pathStyle(url), start);
    } else if (path === '/metrics' && ctx.settings.metrics.enabled) {
      this.#settle(handleMetrics(ctx, res), 'metrics', req, res, start);
    } else {
      this.#refuse(res, req, 'unknown', failure('NOT_FOUND', 'not found', 'Not found'), start);
    }
  }

  /** The connection limit and X-Forwarded-For, which the agent checks before the token. */
  #refusalBeforeToken(req: IncomingMessage): EarlyRefusal | undefined {
    const { settings, state, logger } = this.#ctx;
    if (state.openConnections > settings.max_conn) {
      const message = `connection limit exceeded: more than ${settings.max_conn} connections are open; retry, or raise max_conn`;
      return ['limit', failure('CONNECTION_LIMIT', message, 'Connection limit exceeded')];
    }
    if (req.headers['x-forwarded-for'] !== undefined) {
      logger.warn('refused a request with an X-Forwarded-For header');
      const message =
        'forwarded requests are refused: the sidecar serves only local callers, without a proxy in between';
      return ['forwarded', failure('FORWARDED', message, 'Forwarded')];
    }
    return undefined;
  }

  /** A missing or wrong token (403), then a method other than GET (405). */
  #refusalAfterToken(
    req: IncomingMessage,
    grant: Grant | 'missing' | 'wrong',
  ): EarlyRefusal | undefined {
    const { settings, metrics, logger } = this.#ctx;
    if (typeof grant === 'string') {
      metrics.tokenRejected(grant);
      logger.warn({ reason: grant }, 'refused a request with a missing or wrong token');
      const message = `missing or wrong token: send it in the ${settings.ssrf_headers[0]} header`;
      return ['token', failure('BAD_TOKEN', message, 'Bad Token')];
    }
    if (req.method !== 'GET') {
      const message = `${String(req.method).slice(0, 16)} is not allowed: use GET`;
      return ['method', failure('METHOD_NOT_ALLOWED', message, NOT_ALLOWED), ALLOW_GET];
    }
    return undefined;
  }

  #authenticate(req: IncomingMessage): Grant | 'missing' | 'wrong' {
    let presented = false;
    for (const header of this.#tokenHeaders) {
      const value = req.headers[header];
      if (typeof value !== 'string') continue;
      presented = true;
      const grant = this.#ctx.tokens.match(value);
      if (grant) return grant;
    }
    return presented ? 'wrong' : 'missing';
  }

  /** A secret request in either of the agent's styles: from the cache now, or waiting. */
  #serve(
    req: IncomingMessage,
    res: ServerResponse,
    grant: Grant,
    route: 'query' | 'path',
    query: Readonly<SecretQuery> | HttpFailure,
    start: number,
  ) {
    if (isFailure(query)) return this.#refuse(res, req, route, query, start);
    const status = answerCacheHit(this.#ctx, res, grant, query);
    if (status !== undefined) return this.#finish(route, status, start, req);
    this.#settle(serveSecret(this.#ctx, req, res, grant, query), route, req, res, start);
  }

  /** The Lambda extension's parameter route: always through the resolver (no cache-hit path). */
  #serveParameter(
    req: IncomingMessage,
    res: ServerResponse,
    grant: Grant,
    search: string,
    start: number,
  ): void {
    const query = parseParameterQuery(search);
    if (isFailure(query)) {
      this.#refuse(res, req, 'parameter', query, start);
      return;
    }
    this.#settle(serveParameter(this.#ctx, req, res, grant, query), 'parameter', req, res, start);
  }

  /** Records a route's answer once its work is done (or answers 500 if it threw). */
  #settle(
    work: Promise<number>,
    route: string,
    req: IncomingMessage,
    res: ServerResponse,
    start: number,
  ): void {
    work.then(
      (status) => this.#finish(route, status, start, req),
      (error: unknown) => this.#failed(error, res, req, start, route),
    );
  }

  #finish(route: string, status: number, start: number, req: IncomingMessage): void {
    const { metrics, logger } = this.#ctx;
    const seconds = (performance.now() - start) / 1000;
    metrics.observeRequest(route, status, seconds);
    if (logger.isLevelEnabled('debug')) {
      logger.debug(
        { method: req.method, path: (req.url ?? '').split('?')[0], status, ms: seconds * 1000 },
        'request',
      );
    }
  }

  #refuse(
    res: ServerResponse,
    req: IncomingMessage,
    route: string,
    failed: HttpFailure,
    start: number,
    extra?: Record<string, string>,
  ): void {
    sendFailure(res, this.#ctx, failed, extra);
    this.#finish(route, failed.status, start, req);
  }

  #failed(
    error: unknown,
    res: ServerResponse,
    req: IncomingMessage,
    start: number,
    route = 'unknown',
  ): void {
    this.#ctx.logger.error({ err: error }, 'request handler failed');
    if (!res.headersSent) sendFailure(res, this.#ctx, failure('INTERNAL', ''));
    this.#finish(route, 500, start, req);
  }
}
