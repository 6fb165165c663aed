import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';

/**
 * An AWS SDK v3 `requestHandler` that sends every request to the emulator while keeping the
 * Host header the SDK signed. Clients keep their real AWS endpoints (for example the global
 * https://sts.amazonaws.com), so the emulator applies that endpoint's region rules.
 *
 * @example
 * const sts = new STSClient({
 *   region: 'us-east-1',
 *   endpoint: 'https://sts.amazonaws.com',
 *   requestHandler: createEmulatorRequestHandler(emu.url),
 *   credentials,
 * });
 */
export function createEmulatorRequestHandler(emulatorUrl: string): NodeHttpHandler {
  const target = new URL(emulatorUrl);
  const inner = new NodeHttpHandler();
  const handler = Object.create(inner) as NodeHttpHandler;
  handler.handle = (
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }> => {
    const originalHost =
      request.headers.host ?? request.hostname + (request.port ? `:${request.port}` : '');
    const redirected = request.clone();
    redirected.protocol = target.protocol;
    redirected.hostname = target.hostname;
    redirected.port = Number(target.port);
    redirected.headers = { ...request.headers, host: originalHost };
    return inner.handle(redirected, options);
  };
  return handler;
}
