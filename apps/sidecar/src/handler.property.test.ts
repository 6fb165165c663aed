import { request } from 'node:http';
import { ResolverError } from '@vaultline/resolver';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from './auth/tokens.js';
import type { HandlerContext } from './context.js';
import { createRequestHandler } from './handler.js';
import { createResponseBodies } from './hot-path.js';
import { createSidecarLogger } from './logging.js';
import { createSidecarMetrics } from './metrics.js';
import { createSidecarServer, drainServers } from './server.js';
import { loadSidecarSettings } from './settings-sources.js';
import type { SecretSource } from './source.js';

// The HTTP layer alone, over a small in-test resolver double (the resolver itself is tested
// through the emulator in test/). Whatever a client sends, the server answers without a 500
// for a client's mistake and keeps serving.

const TOKEN = 'unit-token-4b7e1d9a2c6f8035e9a1c7';
const AGENT_TEXT =
  /^(Bad Token|Forwarded|Not allowed|Not found|Connection limit exceeded|unknown parameter: .*|missing parameter secretId|invalid refreshNow value|missing secret ID|invalid roleArn format, .*)$/s;
const double: SecretSource = {
  async getSecret(ref) {
    if (ref === 'known') {
      return {
        ARN: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:known-AbCdEf',
        Name: 'known',
        VersionId: 'v1',
        SecretString: '{"a":"b"}',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: new Date(1_700_000_000_123),
        stale: false,
      };
    }
    throw new ResolverError('SECRET_NOT_FOUND', `no secret named '${ref.slice(0, 20)}'`);
  },
  async resolveConnection(name) {
    throw new ResolverError('UNKNOWN_CONNECTION', `no connection '${name.slice(0, 20)}'`);
  },
};

describe('HTTP layer', () => {
  const { settings } = loadSidecarSettings({ overrides: { log_level: 'none' } });
  const state = { openConnections: 0, shuttingDown: false };
  const ctx: HandlerContext = {
    settings,
    tokens: createTokenStore({ settings, env: { AWS_TOKEN: TOKEN } }),
    source: double,
    metrics: createSidecarMetrics({ processMetrics: false }),
    logger: createSidecarLogger({ level: 'none' }),
    state,
    bodies: createResponseBodies(),
  };
  const server = createSidecarServer(createRequestHandler(ctx), state, ctx.metrics, 5);
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await drainServers([server], state, 1000);
    ctx.tokens.close();
  });

  const send = (method: string, path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string; errorType: unknown }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            errorType: res.headers['x-amzn-errortype'],
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  it('writes the agent body: field order, seconds in CreatedDate', async () => {
    const answer = await send('GET', '/secretsmanager/get?secretId=known', {
      'x-aws-parameters-secrets-token': TOKEN,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(
      '{"ARN":"arn:aws:secretsmanager:us-east-2:111111111111:secret:known-AbCdEf","Name":"known","VersionId":"v1","SecretString":"{\\"a\\":\\"b\\"}","VersionStages":["AWSCURRENT"],"CreatedDate":"1700000000.123"}',
    );
  });

  it('checks X-Forwarded-For before the token, the token before the method', async () => {
    expect((await send('GET', '/v1/known', { 'x-forwarded-for': '1.2.3.4' })).status).toBe(400);
    expect((await send('POST', '/v1/known', {})).status).toBe(403);
    expect((await send('POST', '/v1/known', { 'x-vault-token': TOKEN })).status).toBe(405);
    expect((await send('POST', '/ping', {})).status).toBe(405);
  });

  it('never answers 500 to random requests and keeps serving', async () => {
    const pathPart = fc.stringMatching(/^[A-Za-z0-9/%._~+=&?-]{0,80}$/);
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH');
    const prefix = fc.constantFrom(
      '/secretsmanager/get?',
      '/v1/',
      '/v1/connections/',
      '/metrics',
      '/ping',
      '/',
      '/x',
    );
    const headers = fc.record(
      {
        'x-aws-parameters-secrets-token': fc.oneof(
          fc.constant(TOKEN),
          fc.string({ maxLength: 40 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
        ),
        'x-forwarded-for': fc.constant('10.0.0.1'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(method, prefix, pathPart, headers, async (m, p, rest, h) => {
        const answer = await send(m, `${p}${rest}`, h);
        expect(answer.status).not.toBe(500);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(typeof answer.errorType).toBe('string');
        if (answer.status >= 400 && m !== 'HEAD') {
          // The agent's plain-text refusals (server.rs, parse.rs), or a JSON error body.
          if (!AGENT_TEXT.test(answer.body)) {
            expect(typeof (JSON.parse(answer.body) as { __type: unknown }).__type).toBe('string');
          }
        }
      }),
      { numRuns: 300 },
    );
    expect((await send('GET', '/ping', {})).body).toBe('healthy');
  });

  it('answers oversized headers with JSON instead of dropping the socket', async () => {
    const answer = await send('GET', '/v1/known', {
      'x-aws-parameters-secrets-token': 'a'.repeat(20_000),
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body).__type).toBe('InvalidRequestException');
  });
});
