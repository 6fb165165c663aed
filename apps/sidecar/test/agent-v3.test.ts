import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ScenarioInput } from '@vaultline/emulator';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSidecar, startSidecar } from '../src/index.js';
import { AgentClient, type AgentSecret } from './agent-client.js';
import { ensureBuiltBin } from './built-bin.js';
import { CANARIES, LogCapture, leaksIn, SCENARIO, TOKEN } from './stack.js';

// The agent v3's roleArn and configuration, end to end against the emulator over HTTP.
// P = aws_secretsmanager_provider/src of aws/aws-workload-credentials-provider at d47a49d.

const ACCOUNT = '111111111111';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const SIDECAR_USER = `arn:aws:iam::${ACCOUNT}:user/sidecar`;
const SCOPED_TOKEN = 'scoped-token-5e1d9c7a3b8f2064e1c9';

/** A role the sidecar user may assume, reading only the secrets under `prefix`. */
const readerRole = (name: string, prefix: string) => ({
  name,
  account: ACCOUNT,
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: SIDECAR_USER }, Action: 'sts:AssumeRole' }],
  },
  policies: [
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue'],
          Resource: `arn:aws:secretsmanager:us-east-2:${ACCOUNT}:secret:${prefix}*`,
        },
        { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' },
      ],
    },
  ],
});

const ROLES_SCENARIO = {
  ...SCENARIO,
  users: [
    {
      name: 'sidecar',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['secretsmanager:*', 'kms:*', 'sts:GetCallerIdentity', 'sts:AssumeRole'],
              Resource: '*',
            },
          ],
        },
      ],
    },
  ],
  roles: [
    readerRole('reader-app1', 'prod/app1/'),
    readerRole('reader-app2', 'prod/app2/'),
    readerRole('reader-shared', 'shared/'),
    // Trusts nobody the sidecar is: AssumeRole is refused.
    {
      ...readerRole('untrusting', 'prod/'),
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
    },
  ],
} as ScenarioInput;

describe('roleArn: one resolver and cache per role (P/cache_manager.rs:183-231)', () => {
  let emu: TestEmulator;
  let sidecar: RunningSidecar;
  let agent: AgentClient;
  const logs = new LogCapture();
  beforeAll(async () => {
    emu = await startTestEmulator({ scenario: ROLES_SCENARIO });
    sidecar = await startSidecar({
      env: { AWS_TOKEN: TOKEN },
      settings: {
        http_port: 0,
        log_level: 'debug',
        sts_endpoint: emu.url,
        max_roles: 3,
        tokens: [
          {
            token: SCOPED_TOKEN,
            name: 'app1',
            secrets: ['prod/app1/'],
            roles: [roleArn('reader-app1')],
          },
        ],
      },
      config: { vault: { region: 'us-east-2', endpoint: emu.url } },
      resolverOptions: { credentials: await emu.credentialsOf('sidecar'), maxAttempts: 1 },
      logDestination: logs,
    });
    agent = new AgentClient(sidecar.url as string, TOKEN);
  });
  afterAll(async () => {
    await sidecar?.close();
    await emu?.close();
    expect(leaksIn(logs, [TOKEN, SCOPED_TOKEN])).toEqual([]);
  });

  it('reads through each role, with its own cache, and passes the role’s denials through', async () => {
    const viaApp1 = await agent.get('prod/app1/token', { roleArn: roleArn('reader-app1') });
    expect(viaApp1.status).toBe(200);
    expect((viaApp1.json() as AgentSecret).SecretString).toBe(CANARIES.app1);
    const viaApp2 = await agent.get('prod/app2/x', { roleArn: roleArn('reader-app2') });
    expect((viaApp2.json() as AgentSecret).SecretString).toBe(CANARIES.app2);
    // The app2 role may not read app1's secret: AWS's refusal, passed through.
    const denied = await agent.get('prod/app1/token', { roleArn: roleArn('reader-app2') });
    expect(denied.status).toBe(400);
    expect(denied.json()).toMatchObject({ __type: 'AccessDeniedException' });

    // Each role has its own cache: the sidecar's own cache does not hold app1's secret yet,
    // and the role's cache answers again without a call.
    await emu.control.resetCounters();
    expect((await agent.get('prod/app1/token', { roleArn: roleArn('reader-app1') })).status).toBe(
      200,
    );
    expect(await emu.control.counters()).toEqual({});
    expect((await agent.get('prod/app1/token')).status).toBe(200);
    expect((await emu.control.counters())['secretsmanager:GetSecretValue']).toBe(1);
  });

  // P/cache_manager.rs:143-160 (400 MaxRolesExceeded) and 201-209 (403 when AssumeRole fails,
  // the role not kept); README.md:519-526.
  it('answers 403 when AssumeRole is refused and 400 MaxRolesExceeded past max_roles', async () => {
    const refused = await agent.get('prod/app1/token', { roleArn: roleArn('untrusting') });
    expect(refused.status).toBe(403);
    expect(refused.text).toBe(
      JSON.stringify({
        __type: 'AccessDeniedException',
        message: `Failed to create caching client from role: ${roleArn('untrusting')}`,
      }),
    );
    expect(refused.headers.get('x-vaultline-hint')).toContain('trust policy');
    // reader-app1 and reader-app2 hold two places of max_roles = 3, the refused role none.
    const third = await agent.get('shared/plain', { roleArn: roleArn('reader-shared') });
    expect(third.status).toBe(200);
    const fourth = await agent.get('shared/plain', { roleArn: roleArn('reader-fourth') });
    expect(fourth.status).toBe(400);
    expect(fourth.json()).toEqual({
      __type: 'MaxRolesExceeded',
      message: `The maximum number of assumed roles (3) has been reached. Unable to assume the following role to create a client: ${roleArn('reader-fourth')}`,
    });
    expect(fourth.headers.get('x-amzn-errortype')).toBe('MaxRolesExceeded');
    // The roles already held keep serving.
    expect((await agent.get('prod/app2/x', { roleArn: roleArn('reader-app2') })).status).toBe(200);
  });

  // P/parse.rs:45-59: the format is checked before anything else.
  it('refuses a malformed roleArn with the agent text', async () => {
    const answer = await agent.get('prod/app1/token', {
      roleArn: 'arn:aws:iam::123456789012:user/SomeUser',
    });
    expect(answer).toMatchObject({
      status: 400,
      text: 'invalid roleArn format, expected arn:<partition>:iam::<account>:role/<name>',
    });
  });

  it('lets a scoped token use only the roles it names', async () => {
    const scoped = new AgentClient(sidecar.url as string, SCOPED_TOKEN);
    expect((await scoped.get('prod/app1/token', { roleArn: roleArn('reader-app1') })).status).toBe(
      200,
    );
    const other = await scoped.get('prod/app1/token', { roleArn: roleArn('reader-app2') });
    expect(other.status).toBe(403);
    expect(other.json()).toMatchObject({ __type: 'AccessDeniedException' });
  });
});

// aws_secretsmanager_provider/src/utils.rs:166-177: GetCallerIdentity before serving.
describe('validate_credentials', () => {
  it('refuses to start with credentials AWS rejects, and starts with good ones', async () => {
    await using emu = await startTestEmulator({ scenario: ROLES_SCENARIO });
    const start = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      startSidecar({
        env: { AWS_TOKEN: TOKEN },
        settings: {
          http_port: 0,
          log_level: 'none',
          region: 'us-east-2',
          endpoint: emu.url,
          sts_endpoint: emu.url,
        },
        resolverOptions: { credentials },
      });
    const good = await emu.credentialsOf('sidecar');
    const refused = await start({ ...good, secretAccessKey: `${good.secretAccessKey}x` }).then(
      () => undefined,
      (error: Error & { code?: string }) => error,
    );
    expect(refused?.code).toBe('CREDENTIALS_INVALID');
    expect(refused?.message).toContain('validate_credentials');
    expect(refused?.message).not.toContain(good.secretAccessKey);
    const sidecar = await start(good);
    expect((await fetch(`${sidecar.url}/ping`)).status).toBe(200);
    await sidecar.close();
  });
});

describe('an agent v3 config file starts the sidecar unchanged', () => {
  let emu: TestEmulator;
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  beforeAll(async () => {
    emu = await startTestEmulator({ scenario: ROLES_SCENARIO });
    dir = await createTempDir();
  }, 120_000);
  afterAll(async () => {
    await emu?.close();
    await dir?.[Symbol.asyncDispose]();
  });

  it('runs `sm start --config` with credentials_file_path and prefetch, first line as the agent', async () => {
    const bin = ensureBuiltBin();
    // Temporary credentials, as IAM Roles Anywhere writes them (README.md:829-841).
    const sts = new STSClient({
      region: 'us-east-2',
      endpoint: emu.url,
      credentials: await emu.credentialsOf('sidecar'),
    });
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn('reader-app1'), RoleSessionName: 'file' }),
    );
    sts.destroy();
    const credentialsFile = join(dir.path, 'credentials');
    writeFileSync(
      credentialsFile,
      `[default]\naws_access_key_id = ${assumed.Credentials?.AccessKeyId}\naws_secret_access_key = ${assumed.Credentials?.SecretAccessKey}\naws_session_token = ${assumed.Credentials?.SessionToken}\n`,
      { mode: 0o600 },
    );
    // README.md:630-661's full example, with this test's port, region and secrets.
    const config = join(dir.path, 'config.toml');
    writeFileSync(
      config,
      `[logging]
log_level = "info"

[capabilities.secrets_manager]
http_port = 0
region = "us-east-2"
max_roles = 5
credentials_file_path = "${credentialsFile}"

[capabilities.secrets_manager.cache]
ttl_seconds = 300

[capabilities.secrets_manager.prefetch]
cache_buffer_ratio = 0.6
max_jitter_seconds = 0

[[capabilities.secrets_manager.prefetch.secrets]]
secret_id = "prod/app1/token"
`,
      { mode: 0o600 },
    );
    const child = spawn(
      process.execPath,
      [bin, 'sm', 'start', '--config', config, '--endpoint', emu.url, '--sts-endpoint', emu.url],
      {
        env: {
          PATH: process.env.PATH,
          AWS_TOKEN: TOKEN,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const first = await firstLine(child);
      // P/../lib.rs:58-63: "Secrets Manager Provider/<version> listening on http://<addr>".
      const url = /^Secrets Manager Provider\/\S+ listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(
        first,
      )?.[1];
      expect(url, first).toBeDefined();
      const agent = new AgentClient(url as string, TOKEN);
      await expect
        .poll(async () => (await emu.control.counters())['secretsmanager:GetSecretValue'] ?? 0)
        .toBe(1);
      await emu.control.resetCounters();
      const answer = await agent.get('prod/app1/token');
      expect((answer.json() as AgentSecret).SecretString).toBe(CANARIES.app1);
      // Prefetched at start, with the file's credentials: no call now.
      expect(await emu.control.counters()).toEqual({});
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});

/** The first line the child writes to stdout (its stderr if it exits first). */
function firstLine(child: ChildProcess): Promise<string> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}
