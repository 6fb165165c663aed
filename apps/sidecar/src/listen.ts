import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import { isLoopbackAddress } from '@vaultline/config';
import type { Logger } from 'pino';
import { SidecarError } from './errors.js';

/**
 * Refuses a non-loopback bind unless explicitly allowed; returns a warning when allowed.
 *
 * @example
 * checkBindAddress('0.0.0.0', false); // throws SidecarError NON_LOOPBACK_BIND
 */
export function checkBindAddress(address: string, allowed: boolean): string | undefined {
  if (isLoopbackAddress(address)) return undefined;
  if (!allowed) {
    throw new SidecarError(
      'NON_LOOPBACK_BIND',
      `refusing to bind to ${address}: it is not a loopback address, so other hosts could ask for secrets. Bind to 127.0.0.1, or set allow_non_loopback (--allow-non-loopback) if a network policy protects this port`,
    );
  }
  return `binding to the non-loopback address ${address}: anything that can reach this port and holds a token can read secrets`;
}

/** Listens on a TCP address; resolves with the port actually bound. */
export function listenTcp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new SidecarError(
          'LISTEN_FAILED',
          `cannot listen on ${host}:${port} (${error.code ?? error.message}): ${error.code === 'EADDRINUSE' ? 'another process uses the port; stop it or set http_port' : 'check http_address and http_port'}`,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Errors of a host without IPv6 (or without ::1): the IPv4 loopback alone then. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT', 'EINVAL']);

const urlOf = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * Listens on `address` when one is set; by default on 127.0.0.1 and, where the host has
 * IPv6, on ::1 at the same port, so `http://localhost:<port>` works whichever address
 * `localhost` resolves to. Resolves with the URL of the first listener (127.0.0.1 by default).
 *
 * @example
 * const url = await listenLoopbackOrAddress(() => createServer(handler), undefined, 2773, logger);
 */
export async function listenLoopbackOrAddress(
  make: () => Server,
  address: string | undefined,
  port: number,
  logger: Logger,
): Promise<string> {
  if (address !== undefined) return urlOf(address, await listenTcp(make(), address, port));
  const bound = await listenTcp(make(), '127.0.0.1', port);
  const v6 = make();
  try {
    await listenTcp(v6, '::1', bound);
  } catch (error) {
    const code = (error as { cause?: NodeJS.ErrnoException }).cause?.code ?? '';
    if (NO_IPV6.has(code))
      logger.debug({ code }, 'no IPv6 loopback here: listening on 127.0.0.1 only');
    else logger.warn({ code, port: bound }, 'cannot listen on [::1]; listening on 127.0.0.1 only');
  }
  return urlOf('127.0.0.1', bound);
}

/**
 * Listens on a Unix domain socket, replacing a stale socket file (never a regular file),
 * then sets the socket's mode so only its owner and group can connect by default.
 */
export function listenUnix(server: Server, path: string, mode: string): Promise<void> {
  try {
    const existing = lstatSync(path);
    if (!existing.isSocket()) {
      throw new SidecarError(
        'LISTEN_FAILED',
        `cannot listen on the Unix socket ${path}: a file that is not a socket is there; remove it or choose another unix_socket path`,
      );
    }
    unlinkSync(path);
  } catch (error) {
    if (error instanceof SidecarError) return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        new SidecarError(
          'LISTEN_FAILED',
          `cannot listen on the Unix socket ${path} (${error.code ?? error.message}): check that its directory exists and is writable`,
          { cause: error },
        ),
      );
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      chmodSync(path, Number.parseInt(mode, 8));
      resolve();
    });
  });
}
