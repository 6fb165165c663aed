/**
 * `maxSockets` caps the connections the resolver's clients open to AWS (the sidecar sets it
 * from the Lambda extension's PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS). A plain HTTP
 * server stands in for the endpoint here because the point is what reaches the socket layer:
 * it counts open connections while it holds each answer a moment.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsManagerClient } from '../src/index.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/**
 * A Secrets Manager stand-in answering GetSecretValue. It holds every answer until `gate`
 * requests have arrived or 300 ms of silence passed (a capped client never sends more than
 * its cap at once, so the fallback releases it), and reports the most connections open at once.
 */
async function countingEndpoint(gate: number): Promise<{ url: string; peak: () => number }> {
  let open = 0;
  let peak = 0;
  const held: (() => void)[] = [];
  let silence: NodeJS.Timeout | undefined;
  const release = () => {
    clearTimeout(silence);
    for (const answer of held.splice(0)) answer();
  };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      held.push(() => {
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        response.end(JSON.stringify(ANSWER));
      });
      clearTimeout(silence);
      if (held.length >= gate) release();
      else silence = setTimeout(release, 300);
    });
  });
  server.on('connection', (socket) => {
    open += 1;
    peak = Math.max(peak, open);
    socket.on('close', () => {
      open -= 1;
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, peak: () => peak };
}

const ANSWER = {
  ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf',
  Name: 's',
  VersionId: 'v'.repeat(32),
  SecretString: 'x',
  VersionStages: ['AWSCURRENT'],
};

const vault = (endpoint: string) => ({ region: 'us-east-1', endpoint });
const credentials = {
  accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'not-a-real-key-canary-3c9e',
};

describe('maxSockets', () => {
  it('caps the connections of eight requests in flight at the number given', async () => {
    const endpoint = await countingEndpoint(2);
    const client = createSecretsManagerClient(vault(endpoint.url), { credentials, maxSockets: 2 });
    const reads = Array.from({ length: 8 }, () =>
      client.send(new GetSecretValueCommand({ SecretId: 's' })),
    );
    expect((await Promise.all(reads)).every((read) => read.SecretString === 'x')).toBe(true);
    expect(endpoint.peak()).toBe(2);
    client.destroy();
  });

  it('without it, the same eight requests open more connections (the cap is what limits them)', async () => {
    const endpoint = await countingEndpoint(8);
    const client = createSecretsManagerClient(vault(endpoint.url), { credentials });
    await Promise.all(
      Array.from({ length: 8 }, () => client.send(new GetSecretValueCommand({ SecretId: 's' }))),
    );
    expect(endpoint.peak()).toBe(8);
    client.destroy();
  });
});
