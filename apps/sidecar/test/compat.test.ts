import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, type AgentSecret } from './agent-client.js';
import { CANARIES, type Stack, startStack, TOKEN } from './stack.js';

// Tokens of at least 32 characters, as the sidecar requires (the agent accepts any length).
const FROM_AWS_TOKEN = 'from-aws-token-7c2f9e4a1b8d6035e1';
const FROM_SESSION = 'from-session-3a9d7f1c5e2b8064a7d4';
const FROM_CONTAINER = 'from-container-8e1b4d7a2f9c3065b2';
const FROM_FILE = '5d41402abc4b2a76b9719d911017c592ae2f9a3bc1d7e48f6a0b35c2d9e71f40';

// The stack (emulator + sidecar) is set up with vaultline code; every assertion goes through
// AgentClient, which knows only the AWS agent's documented API.

const isErrorBody = (value: unknown) => {
  const body = value as { __type?: unknown; message?: unknown };
  return (
    typeof body.__type === 'string' &&
    (body.message === undefined || typeof body.message === 'string')
  );
};

describe('compatibility with the AWS Secrets Manager Agent API', () => {
  let stack: Stack;
  let agent: AgentClient;

  beforeAll(async () => {
    stack = await startStack();
    agent = new AgentClient(stack.url, TOKEN);
  });
  afterAll(() => stack?.close());

  describe('GET /secretsmanager/get', () => {
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

    it.each(['TRUE', '1', '0', 'False'])(
      'accepts refreshNow=%s (true/false/1/0, any case)',
      async (value) => {
        expect((await agent.get('prod/app1/token', { refreshNow: value })).status).toBe(200);
      },
    );

    it.each([
      ['/secretsmanager/get?secretId=prod/app1/token&refreshNow=yes', 'refreshNow'],
      ['/secretsmanager/get?secretId=prod/app1/token&abc=123', 'unknown parameter: abc'],
      ['/secretsmanager/get?versionStage=AWSCURRENT', 'missing parameter secretId'],
      ['/secretsmanager/get', 'missing parameter secretId'],
      ['/v1/prod/app1/token?secretId=prod/app2/x', 'unknown parameter: secretId'],
      ['/v1/', 'missing secret ID'],
    ])('answers 400 for bad or unknown parameters: %s', async (path, words) => {
      const answer = await agent.raw(path);
      expect(answer.status).toBe(400);
      expect(isErrorBody(answer.json())).toBe(true);
      expect((answer.json() as { message: string }).message).toContain(words);
    });

    it('answers AWS error bodies with the upstream status for a missing secret', async () => {
      const answer = await agent.get('prod/does-not-exist');
      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
      expect(isErrorBody(answer.json())).toBe(true);
    });
  });

  describe('GET /v1/<secretId>', () => {
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
    it('answers healthy without a token', async () => {
      const answer = await agent.ping();
      expect(answer).toMatchObject({ status: 200, text: 'healthy' });
    });
  });

  describe('the token', () => {
    it('is refused when missing or wrong (403)', async () => {
      const missing = await new AgentClient(stack.url, undefined).get('prod/app1/token');
      expect(missing.status).toBe(403);
      expect(isErrorBody(missing.json())).toBe(true);
      const wrong = await new AgentClient(stack.url, `${TOKEN}x`).get('prod/app1/token');
      expect(wrong.status).toBe(403);
      const prefix = await new AgentClient(stack.url, TOKEN.slice(0, -1)).get('prod/app1/token');
      expect(prefix.status).toBe(403);
      expect(missing.text).not.toContain(CANARIES.app1);
    });

    it('is accepted in X-Vault-Token too', async () => {
      const answer = await new AgentClient(stack.url, TOKEN, 'X-Vault-Token').get(
        'prod/app1/token',
      );
      expect(answer.status).toBe(200);
    });
  });

  describe('requests the agent refuses', () => {
    it('refuses any X-Forwarded-For header (400)', async () => {
      const answer = await agent.raw('/secretsmanager/get?secretId=prod/app1/token', {
        headers: { 'X-Forwarded-For': '127.0.0.1' },
      });
      expect(answer.status).toBe(400);
      expect(isErrorBody(answer.json())).toBe(true);
    });

    it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s (405)', async (method) => {
      const answer = await agent.raw('/secretsmanager/get?secretId=prod/app1/token', { method });
      expect(answer.status).toBe(405);
    });

    it('answers 404 for an unknown path', async () => {
      expect((await agent.raw('/nothing/here')).status).toBe(404);
    });
  });

  describe('upstream failures', () => {
    it('answers 502 when Secrets Manager cannot be reached', async () => {
      await stack.emu.control.setFault('*', { connectionResetProbability: 1 });
      try {
        const answer = await agent.get('prod/app1/db', { refreshNow: 'true' });
        expect(answer.status).toBe(502);
        expect(answer.json()).toMatchObject({ __type: 'ConnectionError' });
      } finally {
        await stack.emu.control.clearFaults();
      }
    });

    it('answers 504 when Secrets Manager does not answer in time', async () => {
      await stack.emu.control.setFault('*', { latencyMs: 3000 });
      try {
        const answer = await agent.get('prod/app1/db', { refreshNow: 'true' });
        expect(answer.status).toBe(504);
        expect(answer.json()).toMatchObject({ __type: 'TimeoutError' });
      } finally {
        await stack.emu.control.clearFaults();
      }
    });
  });
});

describe('compatibility: limits and token sources', () => {
  it('answers 429 over the connection limit, and still answers /ping', async () => {
    await using stack = await startStack({ settings: { max_conn: 1 } });
    const held: Socket = connect(new URL(stack.url).port as unknown as number, '127.0.0.1');
    await new Promise((resolve) => held.once('connect', resolve));
    try {
      // Wait until the server has counted the held connection.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const agent = new AgentClient(stack.url, TOKEN);
      const answer = await agent.get('prod/app1/token');
      expect(answer.status).toBe(429);
      expect(isErrorBody(answer.json())).toBe(true);
      expect((await agent.ping()).status).toBe(200);
    } finally {
      held.destroy();
    }
  });

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
    // As the agent's awssmaseedtoken script writes it: 0640, a 64-character hex digest.
    writeFileSync(file, `${FROM_FILE}\n`, { mode: 0o640 });
    await using stack = await startStack({ env: { AWS_TOKEN: `file://${file}` } });
    expect((await new AgentClient(stack.url, FROM_FILE).get('prod/app1/token')).status).toBe(200);
  });
});
