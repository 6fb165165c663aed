import type { HttpResponse } from '@smithy/types';

/** The client shape the middleware is added to (any AWS SDK v3 client). */
interface MiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  };
}

const MAX_BODY = 64 * 1024;

/**
 * Makes a JSON-protocol client (Secrets Manager, KMS) read an error answer whose body is not
 * JSON (an XML 403 from a proxy or a mock, an HTML page) instead of failing with the SDK's
 * "Deserialization error": the error it throws carries the HTTP status and the body text,
 * which `readAwsError` classifies by the XML `<Code>`, else by the status.
 *
 * @example
 * readNonJsonErrors(new SecretsManagerClient({ region: 'us-east-2' }));
 */
export function readNonJsonErrors<T extends MiddlewareClient>(client: T): T {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
      const result = await next(args);
      const response = result.response as HttpResponse;
      const type = String(response.headers?.['content-type'] ?? '');
      if (response.statusCode < 300 || /json/i.test(type)) return result;
      const text = await readText(response.body);
      throw Object.assign(new Error(`HTTP ${response.statusCode}`), {
        name: 'NonJsonErrorResponse',
        $fault: response.statusCode >= 500 ? 'server' : 'client',
        $metadata: { httpStatusCode: response.statusCode },
        $responseBodyText: text,
      });
    },
    { step: 'deserialize', priority: 'low', name: 'vaultlineReadNonJsonErrors' },
  );
  return client;
}

async function readText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body.slice(0, MAX_BODY);
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    return '';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    if (size < MAX_BODY) chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY);
}
