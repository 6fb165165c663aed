import {
  DescribeSecretCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, HttpRequest } from '@smithy/types';
import type { VaultlineConfig } from '@vaultline/config';
import {
  createEmulatorRequestHandler,
  EXPLANATION_HEADER,
  type ScenarioInput,
} from '@vaultline/emulator';
import { type TestEmulator, useTestEmulator } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import {
  createResolver,
  createSecretsManagerClient,
  fromAwsError,
  type ResolverError,
} from '../src/index.js';
import { rejection } from './helpers.js';

// The hint each refused operation gets, proven over HTTP against the emulator with real
// SigV4: the path `vaultline get/resolve` (the resolver) and `vaultline list/describe` (an
// SDK client whose errors go through fromAwsError, as the CLI's toCliAwsError does).

const ACCOUNT = '111122223333';
const REGION = 'us-east-2';
const KEY_ID = '5e1f0000-1111-4222-8333-444455556666';
const allow = (Action: string[], Resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Action, Resource }],
});
const deny = (Action: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoSecrets', Effect: 'Deny' as const, Action, Resource: '*' }],
});

const scenario: ScenarioInput = {
  defaultRegion: REGION,
  accounts: [{ id: ACCOUNT }],
  users: [
    { name: 'nothing', account: ACCOUNT, policies: [] },
    {
      name: 'get-only',
      account: ACCOUNT,
      policies: [allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'])],
    },
    {
      name: 'denied',
      account: ACCOUNT,
      policies: [allow(['secretsmanager:*', 'kms:*']), deny(['secretsmanager:*'])],
    },
    { name: 'no-kms', account: ACCOUNT, policies: [allow(['secretsmanager:*'])] },
  ],
  instanceProfile: { roleName: 'instance', account: ACCOUNT },
  roles: [
    {
      name: 'instance',
      account: ACCOUNT,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      policies: [allow(['sts:AssumeRole'])],
    },
    {
      name: 'agent',
      account: ACCOUNT,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/someone-else` },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      policies: [allow(['secretsmanager:*', 'kms:*'])],
    },
  ],
  kmsKeys: [{ id: KEY_ID, account: ACCOUNT, alias: 'alias/app' }],
  secrets: [
    { name: 'app/db', account: ACCOUNT, value: 'plain-value', kmsKey: 'alias/app' },
    {
      name: 'app/resource-deny',
      account: ACCOUNT,
      value: 'v',
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/get-only` },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      },
    },
  ],
};

const emulator = useTestEmulator({
  scenario,
  beforeEach: async (emu) => {
    await emu.control.reset();
  },
});

async function accessKeyConfig(emu: TestEmulator, user: string): Promise<VaultlineConfig> {
  const { accessKeyId, secretAccessKey } = await emu.credentialsOf(user, ACCOUNT);
  return {
    vault: {
      type: 'aws-secrets-manager',
      authType: 'access-key',
      region: REGION,
      endpoint: emu.url,
      accountId: ACCOUNT,
      accessKeyId,
      secretAccessKey,
      cache: { ttlSeconds: 0, maxEntries: 10, maxStaleSeconds: 0 },
    },
    connections: {},
  } as VaultlineConfig;
}

async function clientFor(user: string): Promise<SecretsManagerClient> {
  const config = await accessKeyConfig(emulator(), user);
  return createSecretsManagerClient(config.vault, { maxAttempts: 1 });
}

/** What the CLI's `list` and `describe` do with a refused call. */
async function cliHint(
  user: string,
  action: 'ListSecrets' | 'DescribeSecret',
  secretId?: string,
): Promise<ResolverError> {
  const client = await clientFor(user);
  try {
    if (action === 'ListSecrets') await client.send(new ListSecretsCommand({}));
    else await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    throw new Error(`${action} was expected to be refused`);
  } catch (error) {
    return fromAwsError(error, { secretId, action });
  } finally {
    client.destroy();
  }
}

async function getHint(user: string, reference: string, batch = false, dropHeader = false) {
  const config = await accessKeyConfig(emulator(), user);
  await using resolver = createResolver(config, {
    maxAttempts: 1,
    ...(dropHeader ? { requestHandler: withoutExplanations() } : {}),
  });
  if (batch) {
    const result = await resolver.prefetch([reference, 'app/other-missing']);
    return result.failed.find((failure) => failure.ref === reference)!.error;
  }
  return await rejection(resolver.getValue(reference));
}

describe('the hint names the refused operation and a fix that can work', () => {
  it('ListSecrets missing: allow ListSecrets on "*", not the read policy', async () => {
    const error = await cliHint('get-only', 'ListSecrets');
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.hint).toMatch(/^allow secretsmanager:ListSecrets on Resource "\*"/);
    expect(error.hint).not.toMatch(/GetSecretValue/);
  });

  it('DescribeSecret missing: allow DescribeSecret on the secret', async () => {
    const error = await cliHint('get-only', 'DescribeSecret', 'app/db');
    expect(error.hint).toMatch(/^allow secretsmanager:DescribeSecret on this secret/);
    expect(error.hint).not.toMatch(/for a secret in another account.*for a secret in another/);
  });

  it('GetSecretValue missing: the read policy', async () => {
    const error = await getHint('nothing', 'app/db');
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.hint).toMatch(
      /^allow secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-2:111122223333:secret:app\/db-\?{6} in an identity-based policy of arn:aws:iam::111122223333:user\/nothing: the read policy is not assigned/,
    );
    // AWS's refusal names the secret as given: it cannot tell a missing Allow from a secret
    // of another account referenced by name, so the hint names both fixes.
    expect(error.hint).toContain('a secret of another account must be referenced by its full ARN');
  });

  it('BatchGetSecretValue missing: allow it on "*" (a secret it refuses is advised as GetSecretValue)', async () => {
    const client = await clientFor('get-only');
    try {
      const { BatchGetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
      await client.send(new BatchGetSecretValueCommand({ SecretIdList: ['app/db'] }));
      expect.unreachable('BatchGetSecretValue should be refused');
    } catch (caught) {
      const error = fromAwsError(caught, { action: 'BatchGetSecretValue' });
      expect(error.hint).toMatch(/^allow secretsmanager:BatchGetSecretValue on Resource "\*"/);
    } finally {
      client.destroy();
    }
  });

  it('an explicit deny in an identity policy: remove or narrow the Deny, never add an Allow', async () => {
    for (const error of [
      await getHint('denied', 'app/db'),
      await cliHint('denied', 'ListSecrets'),
      await cliHint('denied', 'DescribeSecret', 'app/db'),
    ]) {
      expect(error.hint).toMatch(
        /^an identity-based policy of arn:aws:iam::111122223333:user\/denied has a Deny statement/,
      );
      expect(error.hint).toMatch(/remove that statement or narrow it/);
      expect(error.hint).not.toMatch(/^allow /);
    }
  });

  it("an explicit deny in the secret's resource policy, also inside BatchGetSecretValue", async () => {
    for (const batch of [false, true]) {
      const error = await getHint('get-only', 'app/resource-deny', batch);
      expect(error.hint).toMatch(
        // AWS names the secret as the request did (by name here).
        /^the resource policy of secret 'app\/resource-deny' has a Deny statement/,
      );
    }
  });

  it('kms:Decrypt refused: the key policy and the identity policy, not the read policy', async () => {
    const error = await getHint('no-kms', 'app/db');
    expect(error.code).toBe('KMS_ACCESS_DENIED');
    expect(error.hint).toMatch(/^kms:Decrypt on the secret's KMS key was refused/);
    expect(error.hint).toMatch(/kms:ViaService secretsmanager\.us-east-2\.amazonaws\.com/);
  });

  it('a disabled key: enable it, no policy to add', async () => {
    const { DisableKeyCommand, KMSClient } = await import('@aws-sdk/client-kms');
    const credentials = await emulator().credentialsOf('denied', ACCOUNT);
    const kms = new KMSClient({ region: REGION, endpoint: emulator().url, credentials });
    await kms.send(new DisableKeyCommand({ KeyId: KEY_ID }));
    kms.destroy();
    const error = await getHint('get-only', 'app/db');
    expect(error.code).toBe('DECRYPTION_FAILURE');
    expect(error.hint).toMatch(/disabled or pending deletion/);
    expect(error.hint).toMatch(/aws kms enable-key --key-id/);
    expect(error.hint).not.toMatch(/policy/);
  });

  it('AssumeRole refused by the trust policy: the trust policy, with vaultline policy trust-policy', async () => {
    const emu = emulator();
    const config = {
      vault: {
        type: 'aws-secrets-manager',
        authType: 'role-based',
        region: REGION,
        endpoint: emu.url,
        iamRole: `arn:aws:iam::${ACCOUNT}:role/agent`,
        sourceCredentials: 'instance-profile',
        instanceMetadata: { endpoint: emu.url, timeoutMs: 1000, maxRetries: 0 },
        durationSeconds: 3600,
        cache: { ttlSeconds: 0, maxEntries: 10, maxStaleSeconds: 0 },
      },
      connections: {},
    } as VaultlineConfig;
    await using resolver = createResolver(config, {
      maxAttempts: 1,
      requestHandler: createEmulatorRequestHandler(emu.url),
    });
    const error = await rejection(resolver.getValue('app/db'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.hint).toMatch(
      /^the trust policy of arn:aws:iam::111122223333:role\/agent must allow arn:aws:iam::111122223333:role\/instance to call sts:AssumeRole/,
    );
    expect(error.hint).toMatch(/vaultline policy trust-policy/);
  });

  it('the advice is the same with the emulator explanation header dropped', async () => {
    const cases: Array<[string, string]> = [
      ['nothing', 'app/db'],
      ['denied', 'app/db'],
      ['no-kms', 'app/db'],
      ['get-only', 'app/resource-deny'],
    ];
    for (const [user, reference] of cases) {
      const kept = await getHint(user, reference);
      const dropped = await getHint(user, reference, false, true);
      expect(dropped.code).toBe(kept.code);
      expect(dropped.hint).toBe(kept.hint);
      expect(dropped.message).toBe(kept.message);
    }
  });

  it('an XML 403 (a proxy or a mock) is read by its Code, never a deserialization error', async () => {
    await using proxy = await xmlServer(
      403,
      '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    );
    const config = await accessKeyConfig(emulator(), 'get-only');
    const client = createSecretsManagerClient(
      { ...config.vault, endpoint: proxy.url },
      { maxAttempts: 1 },
    );
    const caught = await client.send(new ListSecretsCommand({})).catch((e: unknown) => e);
    client.destroy();
    const error = fromAwsError(caught, { action: 'ListSecrets' });
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.awsCode).toBe('AccessDenied');
    expect(error.message).toContain('Access Denied');
    expect(`${error.message} ${error.hint}`).not.toMatch(/Deserialization|network/);
    expect(error.hint).toMatch(/^allow secretsmanager:ListSecrets/);
  });

  it('an HTML 403 falls back on the status', async () => {
    await using proxy = await xmlServer(403, '<html><body>Forbidden</body></html>');
    const config = await accessKeyConfig(emulator(), 'get-only');
    const client = createSecretsManagerClient(
      { ...config.vault, endpoint: proxy.url },
      { maxAttempts: 1 },
    );
    const caught = await client
      .send(new DescribeSecretCommand({ SecretId: 'app/db' }))
      .catch((e: unknown) => e);
    client.destroy();
    const error = fromAwsError(caught, { action: 'DescribeSecret', secretId: 'app/db' });
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.awsCode).toBe('HTTP 403');
    expect(error.message).toContain('whose body is not an AWS error');
    expect(error.message).not.toMatch(/Deserialization/);
  });
});

/** An HTTP handler that drops the emulator's explanation header from every answer. */
function withoutExplanations() {
  const inner = new NodeHttpHandler();
  return {
    async handle(request: HttpRequest, options?: HttpHandlerOptions) {
      const result = await inner.handle(request as never, options);
      delete result.response.headers[EXPLANATION_HEADER];
      return result;
    },
    destroy: () => inner.destroy(),
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  } as never;
}

async function xmlServer(status: number, body: string) {
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'text/xml' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
