import type { ServerResponse } from 'node:http';
import { errorBody, type HttpFailure } from '../error-table.js';

const JSON_TYPE = 'application/json';

/** Headers added to every response while the server drains, so keep-alive sockets close. */
export interface ResponseState {
  shuttingDown: boolean;
}

/**
 * The response headers as a flat [name, value, ...] list, which writeHead takes as is (no
 * object to build and walk per response).
 */
function headers(
  contentType: string,
  length: number,
  state: ResponseState,
  extra?: Record<string, string>,
): string[] {
  const out = ['content-type', contentType, 'content-length', String(length)];
  if (extra !== undefined) for (const name in extra) out.push(name, extra[name] as string);
  if (state.shuttingDown) out.push('connection', 'close');
  return out;
}

/**
 * Writes a ready body with its status.
 *
 * @example
 * sendBody(res, state, 200, body, { 'x-vaultline-stale': 'true' });
 */
export function sendBody(
  res: ServerResponse,
  state: ResponseState,
  status: number,
  body: Buffer | string,
  extra?: Record<string, string>,
  contentType = JSON_TYPE,
): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, headers(contentType, length, state, extra));
  res.end(body);
}

/**
 * Writes the agent's error body for a failure.
 *
 * @example
 * sendFailure(res, state, failure('BAD_TOKEN', 'missing or wrong token'));
 */
export function sendFailure(
  res: ServerResponse,
  state: ResponseState,
  failed: HttpFailure,
  extra?: Record<string, string>,
): void {
  sendBody(res, state, failed.status, errorBody(failed), extra);
}
