import { createServer, type IncomingMessage } from 'node:http';

/**
 * An instance metadata service from before IMDSv2: it refuses the session-token PUT (405)
 * and would answer credential reads without a token. It records every request, so a test can
 * prove that no IMDSv1 request (a GET without `x-aws-ec2-metadata-token`) was ever sent.
 */
export async function startImdsV1Only(): Promise<{
  url: string;
  requests: { method: string; path: string; token: boolean }[];
  close(): Promise<void>;
}> {
  const requests: { method: string; path: string; token: boolean }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const path = request.url ?? '/';
    requests.push({
      method: request.method ?? 'GET',
      path,
      token: typeof request.headers['x-aws-ec2-metadata-token'] === 'string',
    });
    if (request.method === 'PUT') {
      response.writeHead(405).end();
    } else if (path.endsWith('/security-credentials/')) {
      response.end('legacy-role');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          Code: 'Success',
          AccessKeyId: 'ASIAV1ONLYEXAMPLE',
          SecretAccessKey: 'v1-only-canary-secret-key',
          Token: 'v1-only-token',
          Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
