import type { ServerResponse } from 'node:http';
import { errorBody, type HttpFailure } from '../error-table.js';

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';
/** How long a caller refused for the connection limit should wait, in seconds. */
const RETRY_AFTER_SECONDS = '1';
const MAX_HINT_LENGTH = 512;

/** Headers added to every response while the server drains, so keep-alive sockets close. */
export interface ResponseState {
  shuttingDown: boolean;
}

/** What error bodies look like: the agent's (default) or vaultline's JSON refusals. */
export interface FailureFormat {
  state: ResponseState;
  settings: { error_format: 'agent' | 'json' };
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

/** A header value from free text: printable ASCII on one line, clipped. */
const headerText = (text: string): string => {
  const line = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return line.length > MAX_HINT_LENGTH ? `${line.slice(0, MAX_HINT_LENGTH - 3)}...` : line;
};

/**
 * Writes a failure: by default the agent's body (its plain-text refusals, AWS's error JSON
 * passed through), with `error_format = "json"` vaultline's JSON error for every refusal.
 * Every error carries `X-Amzn-Errortype` (as Systems Manager Cloud Extensions sends it), a
 * 429 `Retry-After`, and vaultline's advice, when there is some, `X-Vaultline-Hint`.
 *
 * @example
 * sendFailure(res, ctx, failure('BAD_TOKEN', 'missing or wrong token', 'Bad Token'));
 */
export function sendFailure(
  res: ServerResponse,
  format: FailureFormat,
  failed: HttpFailure,
  extra?: Record<string, string>,
): void {
  const added: Record<string, string> = { ...extra, 'x-amzn-errortype': failed.type };
  if (failed.status === 429) added['retry-after'] = RETRY_AFTER_SECONDS;
  if (failed.hint) {
    const hint = headerText(failed.hint);
    if (hint) added['x-vaultline-hint'] = hint;
  }
  const agentBody = format.settings.error_format === 'agent' ? failed.agentBody : undefined;
  if (agentBody === undefined) {
    sendBody(res, format.state, failed.status, errorBody(failed), added);
    return;
  }
  const type = agentBody.startsWith('{') ? JSON_TYPE : TEXT_TYPE;
  sendBody(res, format.state, failed.status, agentBody, added, type);
}
