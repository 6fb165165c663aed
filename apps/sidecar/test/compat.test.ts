import { writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createTempDir } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, type AgentSecret } from './agent-client.js';
import { CANARIES, type Stack, startStack, TOKEN } from './stack.js';

// Tokens of at least 32 characters, as the sidecar requires (the agent accepts any length).
const FROM_AWS_TOKEN = 'from-aws-token-7c2f9e4a1b8d6035e1';
const FROM_SESSION = 'from-session-3a9d7f1c5e2b8064a7d4';
const FROM_CONTAINER = 'from-container-8e1b4d7a2f9c3065b2';
const FROM_FILE = '5d41402abc4b2a76b9719d911017c592ae2f9a3bc1d7e48f6a0b35c2d9e71f40';

// Expectations are written from AWS's agent, aws/aws-workload-credentials-provider at
// d47a49d (v3); each cites the file and lines it comes from. P = aws_secretsmanager_provider/src,
// C = aws_secretsmanager_caching/src.

// The stack (emulator + sidecar) is set up with vaultline code; every assertion goes through
// AgentClient, which knows only the agent's documented API.

/** Whether this host can listen on the IPv6 loopback at all. */
const HAS_IPV6 = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

const isErrorBody = (value: unknown) => {
  const body = value as { __type?: unknown; message?: unknown };
  return (
    typeof body.__type === 'string' &&
    (body.message === undefined || typeof body.message === 'string')
  );
};

describe('compatibility with the AWS agent v3 API', () => {
  let stack: Stack;
  let agent: AgentClient;

  beforeAll(async () => {
    stack = await startStack();
    agent = new AgentClient(stack.url, TOKEN);
  });
  afterAll(() => stack?.close());

  describe('GET /secretsmanager/get', () => {
    // P/server.rs:150-163 serves it; P/cache_manager.rs:120-127 serializes GetSecretValue's output.
    it('answers the GetSecretValue shape for a string secret', async () => {
      const answer = await agent.get('prod/app1/token');
      expect(answer.status).toBe(200);
      const secret = answer.json() as AgentSecret;
      expect(Object.keys(secret)).toEqual([
        'ARN',
        'Name',
        'VersionId',
        'SecretString',
        'VersionStages',
        'CreatedDate',
      ]);
      expect(secret.ARN).toMatch(
        /^arn:aws:secretsmanager:us-east-2:111111111111:secret:prod\/app1\/token-[A-Za-z0-9]{6}$/,
      );
      expect(secret.Name).toBe('prod/app1/token');
      expect(secret.SecretString).toBe(CANARIES.app1);
      expect(secret.VersionStages).toContain('AWSCURRENT');
      // The agent writes CreatedDate as epoch seconds with a fraction, in a string.
      expect(secret.CreatedDate).toMatch(/^\d+(\.\d+)?$/);
      expect(Math.abs(Number(secret.CreatedDate) * 1000 - Date.now())).toBeLessThan(86_400_000);
    });

    it('answers base64 SecretBinary for a binary secret', async () => {
      const secret = (await agent.get('shared/binary')).json() as AgentSecret;
      expect(secret.SecretString).toBeUndefined();
      expect(Buffer.from(secret.SecretBinary as string, 'base64').toString()).toBe(CANARIES.binary);
    });

    // P/parse.rs:78-79 (versionId, versionStage).
    it('reads a version by versionStage and by versionId', async () => {
      const previous = (
        await agent.get('shared/plain', { versionStage: 'AWSPREVIOUS' })
      ).json() as AgentSecret;
      expect(previous.SecretString).toBe(CANARIES.previous);
      expect(previous.VersionStages).toContain('AWSPREVIOUS');
      const byId = (
        await agent.get('shared/plain', { versionId: previous.VersionId })
      ).json() as AgentSecret;
      expect(byId.SecretString).toBe(CANARIES.previous);
      const current = (await agent.get('shared/plain')).json() as AgentSecret;
      expect(current.SecretString).toBe(CANARIES.plain);
    });

    // C/lib.rs:186-207 (refresh_now bypasses the store), README.md:441-449.
    it('refreshNow=true bypasses the cache; false and absent serve the cached value', async () => {
      const before = (await agent.get('prod/app2/x')).json() as AgentSecret;
      await stack.emu.control.putSecret({ name: 'prod/app2/x', value: 'rotated-value-1' });
      expect(((await agent.get('prod/app2/x')).json() as AgentSecret).VersionId).toBe(
        before.VersionId,
      );
      expect(
        ((await agent.get('prod/app2/x', { refreshNow: 'false' })).json() as AgentSecret).VersionId,
      ).toBe(before.VersionId);
      const fresh = (await agent.get('prod/app2/x', { refreshNow: 'true' })).json() as AgentSecret;
      expect(fresh.VersionId).not.toBe(before.VersionId);
      expect(fresh.SecretString).toBe('rotated-value-1');
      // The refresh updated the cache.
      expect(((await agent.get('prod/app2/x')).json() as AgentSecret).SecretString).toBe(
        'rotated-value-1',
      );
    });

    // P/parse.rs:19-27: true, 1, false, 0 after to_lowercase.
    it.each(['TRUE', '1', '0', 'False'])(
      'accepts refreshNow=%s (true/false/1/0, any case)',
      async (value) => {
        expect((await agent.get('prod/app1/token', { refreshNow: value })).status).toBe(200);
      },
    );

    it.each([
      // P/parse.rs:25
      ['/secretsmanager/get?secretId=prod/app1/token&refreshNow=yes', 'invalid refreshNow value'],
      // P/parse.rs:82
      ['/secretsmanager/get?secretId=prod/app1/token&abc=123', 'unknown parameter: abc'],
      // P/parse.rs:86-87
      ['/secretsmanager/get?versionStage=AWSCURRENT', 'missing parameter secretId'],
      ['/secretsmanager/get', 'missing parameter secretId'],
      // P/parse.rs:116-122: secretId is not a parameter of the path style
      ['/v1/prod/app1/token?secretId=prod/app2/x', 'unknown parameter: secretId'],
      // P/parse.rs:103-105
      ['/v1/', 'missing secret ID'],
    ])('answers 400 and the agent plain text for %s', async (path, text) => {
      const answer = await agent.raw(path);
      expect(answer.status).toBe(400);
      expect(answer.text).toBe(text);
      expect(answer.headers.get('x-amzn-errortype')).toBeTruthy();
    });

    // P/cache_manager.rs:106-108 and 339-343: the SDK's code, message and HTTP status, as
    // P/utils.rs:42-51 writes them ({"__type","message"}).
    it('passes a Secrets Manager error through unchanged: status, __type and message', async () => {
      const direct = new SecretsManagerClient({
        region: 'us-east-2',
        endpoint: stack.emu.url,
        credentials: await stack.emu.credentialsOf('sidecar'),
        maxAttempts: 1,
      });
      const aws = await direct
        .send(new GetSecretValueCommand({ SecretId: 'prod/does-not-exist' }))
        .then(
          () => undefined,
          (error: Error & { $metadata: { httpStatusCode: number } }) => error,
        );
      direct.destroy();
      const answer = await agent.get('prod/does-not-exist');
      expect(answer.status).toBe(aws?.$metadata.httpStatusCode);
      expect(answer.text).toBe(
        JSON.stringify({ __type: 'ResourceNotFoundException', message: aws?.message }),
      );
      expect(answer.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
      // vaultline's advice travels beside it, not in it.
      expect(answer.headers.get('x-vaultline-hint')).toContain('check the secret name');
    });
  });

  describe('GET /v1/<secretId>', () => {
    // P/server.rs:166-177, P/parse.rs:97-131
    it('reads a secret whose name has slashes, with version parameters', async () => {
      const secret = (await agent.getByPath('prod/app1/token')).json() as AgentSecret;
      expect(secret.SecretString).toBe(CANARIES.app1);
      const previous = (
        await agent.getByPath('shared/plain', { versionStage: 'AWSPREVIOUS' })
      ).json() as AgentSecret;
      expect(previous.SecretString).toBe(CANARIES.previous);
    });

    it('reads a secret by ARN', async () => {
      const { ARN } = (await agent.get('prod/app1/token')).json() as AgentSecret;
      expect(((await agent.get(ARN)).json() as AgentSecret).Name).toBe('prod/app1/token');
    });
  });

  describe('GET /ping', () => {
    // P/server.rs:148 and 231-233: healthy, without a token.
    it('answers healthy without a token', async () => {
      const answer = await agent.ping();
      expect(answer).toMatchObject({ status: 200, text: 'healthy' });
    });
  });

  describe('the token', () => {
    // P/server.rs:243-250: 403 "Bad Token".
    it('is refused when missing or wrong: 403 Bad Token', async () => {
      const missing = await new AgentClient(stack.url, undefined).get('prod/app1/token');
      expect(missing.status).toBe(403);
      expect(missing.text).toBe('Bad Token');
      const wrong = await new AgentClient(stack.url, `${TOKEN}x`).get('prod/app1/token');
      expect(wrong).toMatchObject({ status: 403, text: 'Bad Token' });
      const prefix = await new AgentClient(stack.url, TOKEN.slice(0, -1)).get('prod/app1/token');
      expect(prefix.status).toBe(403);
      expect(missing.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    });

    // P/server.rs:243 (every configured ssrf_header), types.rs default headers.
    it('is accepted in X-Vault-Token too', async () => {
      const answer = await new AgentClient(stack.url, TOKEN, 'X-Vault-Token').get(
        'prod/app1/token',
      );
      expect(answer.status).toBe(200);
    });
  });

  describe('requests the agent refuses', () => {
    // P/server.rs:237-239
    it('refuses any X-Forwarded-For header: 400 Forwarded', async () => {
      const answer = await agent.raw('/secretsmanager/get?secretId=prod/app1/token', {
        headers: { 'X-Forwarded-For': '127.0.0.1' },
      });
      expect(answer).toMatchObject({ status: 400, text: 'Forwarded' });
      expect(answer.headers.get('x-amzn-errortype')).toBeTruthy();
    });

    // P/server.rs:264-269
    it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s: 405 Not allowed', async (method) => {
      const answer = await agent.raw('/secretsmanager/get?secretId=prod/app1/token', { method });
      expect(answer).toMatchObject({ status: 405, text: 'Not allowed' });
    });

    // P/server.rs:179
    it('answers 404 Not found for an unknown path', async () => {
      const answer = await agent.raw('/nothing/here');
      expect(answer).toMatchObject({ status: 404, text: 'Not found' });
      expect(answer.headers.get('x-amzn-errortype')).toBeTruthy();
    });
  });

  describe('upstream failures', () => {
    // P/cache_manager.rs:317-318 (DispatchFailure is_io) and 333-334 (ResponseError).
    it('answers 502 ConnectionError "Read Error" when Secrets Manager cannot be reached', async () => {
      await stack.emu.control.setFault('*', { connectionResetProbability: 1 });
      try {
        const answer = await agent.get('prod/app1/db', { refreshNow: 'true' });
        expect(answer.status).toBe(502);
        expect(answer.text).toBe('{"__type":"ConnectionError","message":"Read Error"}');
        expect(answer.headers.get('x-amzn-errortype')).toBe('ConnectionError');
      } finally {
        await stack.emu.control.clearFaults();
      }
    });

    // P/cache_manager.rs:311-316
    it('answers 504 TimeoutError "Timeout" when Secrets Manager does not answer in time', async () => {
      await stack.emu.control.setFault('*', { latencyMs: 3000 });
      try {
        const answer = await agent.get('prod/app1/db', { refreshNow: 'true' });
        expect(answer.status).toBe(504);
        expect(answer.text).toBe('{"__type":"TimeoutError","message":"Timeout"}');
      } finally {
        await stack.emu.control.clearFaults();
      }
    });

    // P/cache_manager.rs:339-343: a 5xx keeps its status and code; 502/504 are only for the
    // network and timeouts.
    it('keeps an upstream 500 InternalServiceError for a secret never cached', async () => {
      await stack.emu.control.setFault('*', { internalErrorProbability: 1 });
      try {
        const answer = await agent.get('prod/never-cached');
        expect(answer.status).toBe(500);
        expect(answer.json()).toMatchObject({ __type: 'InternalServiceError' });
        expect(answer.headers.get('x-amzn-errortype')).toBe('InternalServiceError');
      } finally {
        await stack.emu.control.clearFaults();
      }
    });

    // The same rule for throttling: Secrets Manager answers 400 ThrottlingException.
    it('keeps upstream throttling: 400 ThrottlingException', async () => {
      await stack.emu.control.setFault('*', { throttleProbability: 1 });
      try {
        const answer = await agent.get('prod/never-cached-either');
        expect(answer.status).toBe(400);
        expect(answer.json()).toMatchObject({ __type: 'ThrottlingException' });
      } finally {
        await stack.emu.control.clearFaults();
      }
    });

    // README.md:443-444 and C/lib.rs:205-206, 415-422: refreshNow passes no cached value to
    // refresh_secret_value, so the error is returned and the store is not written.
    it('answers refreshNow=true with the AWS error and leaves the cached value', async () => {
      const cached = (await agent.get('prod/app1/token')).json() as AgentSecret;
      await stack.emu.control.putSecret({ name: 'prod/app1/token', value: 'rotated-token-2' });
      await stack.emu.control.setFault('*', { internalErrorProbability: 1 });
      try {
        const answer = await agent.get('prod/app1/token', { refreshNow: 'true' });
        expect(answer.status).toBe(500);
        expect(answer.text).not.toContain(CANARIES.app1);
      } finally {
        await stack.emu.control.clearFaults();
      }
      const after = (await agent.get('prod/app1/token')).json() as AgentSecret;
      expect(after.VersionId).toBe(cached.VersionId);
    });
  });
});

describe('compatibility: limits and token sources', () => {
  // P/server.rs:197-212: 429 "Connection limit exceeded", /ping allowed two more.
  // Systems Manager Cloud Extensions add Retry-After to a 429.
  it('answers 429 over the connection limit with Retry-After, and still answers /ping', async () => {
    await using stack = await startStack({ settings: { max_conn: 1 } });
    const held: Socket = connect(new URL(stack.url).port as unknown as number, '127.0.0.1');
    await new Promise((resolve) => held.once('connect', resolve));
    try {
      // Wait until the server has counted the held connection.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const agent = new AgentClient(stack.url, TOKEN);
      const answer = await agent.get('prod/app1/token');
      expect(answer).toMatchObject({ status: 429, text: 'Connection limit exceeded' });
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-amzn-errortype')).toBeTruthy();
      expect((await agent.ping()).status).toBe(200);
    } finally {
      held.destroy();
    }
  });

  // Clients that connect to `localhost` may get ::1; the agent binds 127.0.0.1 only
  // (P/lib.rs:115), the sidecar both loopbacks at one port where the host has IPv6.
  it.skipIf(!HAS_IPV6)('answers on ::1 at the same port as 127.0.0.1', async () => {
    await using stack = await startStack();
    const port = new URL(stack.url).port;
    const v6 = await fetch(`http://[::1]:${port}/ping`);
    expect(await v6.text()).toBe('healthy');
    const agent = new AgentClient(`http://[::1]:${port}`, TOKEN);
    expect((await agent.get('prod/app1/token')).status).toBe(200);
  });

  // error_format = "json": vaultline's JSON refusals, for clients written against them.
  it('answers JSON refusals with error_format = "json"', async () => {
    await using stack = await startStack({ settings: { error_format: 'json' } });
    const missing = await new AgentClient(stack.url, undefined).get('prod/app1/token');
    expect(missing.status).toBe(403);
    expect(isErrorBody(missing.json())).toBe(true);
    const unknown = await new AgentClient(stack.url, TOKEN).raw('/secretsmanager/get?abc=1');
    expect((unknown.json() as { message: string }).message).toContain('unknown parameter: abc');
  });

  // P/utils.rs:68-89 (get_token): the first variable set, file:// read and trimmed.
  it.each([
    [{ AWS_TOKEN: FROM_AWS_TOKEN, AWS_SESSION_TOKEN: FROM_SESSION }, FROM_AWS_TOKEN, FROM_SESSION],
    [{ AWS_SESSION_TOKEN: FROM_SESSION }, FROM_SESSION, 'other'],
    [{ AWS_CONTAINER_AUTHORIZATION_TOKEN: FROM_CONTAINER }, FROM_CONTAINER, 'other'],
  ])('takes the token from the first variable set: %j', async (env, accepted, refused) => {
    await using stack = await startStack({ env });
    expect((await new AgentClient(stack.url, accepted).get('prod/app1/token')).status).toBe(200);
    expect((await new AgentClient(stack.url, refused).get('prod/app1/token')).status).toBe(403);
  });

  it('reads the token from a file:///path value', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'awssmatoken');
    // As the agent's token script writes it: 0640, a 64-character hex digest.
    writeFileSync(file, `${FROM_FILE}\n`, { mode: 0o640 });
    await using stack = await startStack({ env: { AWS_TOKEN: `file://${file}` } });
    expect((await new AgentClient(stack.url, FROM_FILE).get('prod/app1/token')).status).toBe(200);
  });
});
