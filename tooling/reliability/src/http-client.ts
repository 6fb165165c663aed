import { type Agent, request } from 'node:http';

/** One answer, or how the request failed. */
export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  elapsedMs: number;
}

/** Options of {@link httpGet}. */
export interface HttpGetOptions {
  method?: string;
  headers?: Record<string, string>;
  agent?: Agent;
  /** No answer after this long: the request is destroyed and the promise rejects with `HANG`. */
  timeoutMs?: number;
}

/** The error of a request that got no answer in time. */
export class HangError extends Error {
  constructor(url: string, timeoutMs: number) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
    this.name = 'HangError';
  }
}

/**
 * A GET (or other method) over node:http with a hard deadline: resolves with status and
 * body, rejects with {@link HangError} when nothing complete arrived in `timeoutMs`, or with
 * the socket error.
 *
 * @example
 * const agent = new Agent({ keepAlive: true, maxSockets: 100 });
 * const { status } = await httpGet(`${url}/ping`, { agent, timeoutMs: 5000 });
 */
export function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpAnswer> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      ...(options.agent ? { agent: options.agent } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy(new HangError(url, timeoutMs));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
          elapsedMs: performance.now() - started,
        });
      });
    });
    req.end();
  });
}
