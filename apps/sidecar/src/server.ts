import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerState } from './context.js';
import type { SidecarMetrics } from './metrics.js';

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'the request headers are too large',
  ],
  HPE_URI_TOO_LONG: [414, 'URI Too Long', 'the request URL is too long'],
};

/** Answers a request node could not parse with a JSON 4xx instead of a dropped socket. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || (error as { code?: string }).code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'the request is not valid HTTP/1.1',
  ];
  const body = JSON.stringify({ __type: 'InvalidRequestException', message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\nx-amzn-errortype: InvalidRequestException\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * An http.Server that counts its open connections into `state` (max_conn is enforced per
 * request against that count, so refused callers get a 429 rather than a reset) and answers
 * malformed requests with JSON.
 *
 * @example
 * const server = createSidecarServer(handler, state, metrics, 61);
 */
export function createSidecarServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  state: ServerState,
  metrics: SidecarMetrics,
  requestTimeoutSeconds: number,
): Server {
  const requestTimeout = (requestTimeoutSeconds + 5) * 1000;
  const server = createServer(
    {
      // Slow clients cannot hold a connection open forever.
      requestTimeout,
      headersTimeout: Math.min(10_000, requestTimeout),
      keepAliveTimeout: 5_000,
    },
    handler,
  );
  server.on('connection', (socket: Socket) => {
    state.openConnections++;
    metrics.connectionOpened();
    socket.once('close', () => {
      state.openConnections--;
      metrics.connectionClosed();
    });
  });
  server.on('clientError', answerClientError);
  return server;
}

/**
 * Stops accepting connections, lets in-flight requests finish (their responses carry
 * `connection: close`), closes idle keep-alive sockets, and after `timeoutMs` closes what
 * is left. Resolves when every server is closed.
 *
 * @example
 * await drainServers([server], state, 20_000);
 */
export async function drainServers(
  servers: Server[],
  state: ServerState,
  timeoutMs: number,
): Promise<{ forced: boolean }> {
  state.shuttingDown = true;
  const closed = Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const forced = await Promise.race([
    closed.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (forced) {
    for (const server of servers) server.closeAllConnections();
    await closed;
  }
  return { forced };
}
