// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ssm:...} is the placeholder syntax under test
/**
 * diagnose's Parameter Store checks against the emulator over real HTTP, on
 * examples/scenarios/parameters.yaml plus users that each miss one permission: read allowed,
 * found, version and label, the region and cross-account rules, kms:Decrypt through Parameter
 * Store, an explicit Deny; and that no finding ever shows a SecureString value.
 */
import { readFileSync } from 'node:fs';
import { DisableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { createEmulatorRequestHandler } from '@vaultline/emulator';
import { PARAMETER_BY_NAME_RULE } from '@vaultline/resolver';
import { exampleScenarioPath, useTestEmulator } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type DiagnoseReport, diagnose } from '../src/index.js';
import { stepOf } from './helpers.js';

const APP = '111111111111';
const SHARING = '222222222222';
const REGION = 'us-east-2';
// Every SecureString and secret value of the scenario.
const CANARIES = [
  'canary-9d2f6a1c8e3b',
  'canary-c7e1b5d3a904',
  'canary-4b1e7c9a2d06',
  'canary-3a7f1d9c5e20',
  'canary-8e4b2c6f0a17',
  'canary-5e0d2c7a-91b',
  'canary-a83f6d12-4c7',
];
const UNUSABLE_KEYS = {
  disabled: '5e0d2c7a-91b4-4f3e-8d6a-2b7c9e1f0a35',
  doomed: 'a83f6d12-4c7e-4b19-9f05-6e2d8c3b7a41',
};

const policy = (...Statement: Record<string, unknown>[]) => ({
  Version: '2012-10-17',
  Statement,
});
const signIn = { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' };

/** The committed scenario, plus a user that may only sign in, one with a Deny, and a parameter another account keeps to itself. */
function scenario(): Record<string, unknown> {
  const base = parse(readFileSync(exampleScenarioPath('parameters'), 'utf8'));
  base.users.push(
    { name: 'no-ssm', policies: [policy(signIn)] },
    {
      name: 'denied',
      policies: [
        policy(
          signIn,
          { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' },
          {
            Effect: 'Deny',
            Action: 'ssm:GetParameters',
            Resource: `arn:aws:ssm:${REGION}:${APP}:parameter/prod/orders/db/host`,
          },
        ),
      ],
    },
  );
  // The read policy plus kms:DescribeKey: it may read a key's state, but not learn which key.
  const readPolicy = base.users.find((user: { name: string }) => user.name === 'orders-app');
  base.users.push({
    name: 'describe-key',
    policies: [
      ...readPolicy.policies,
      policy({ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' }),
    ],
  });
  base.parameters.push({ name: '/shared/private', account: SHARING, value: 'not shared' });
  // Two SecureStrings whose keys the tests disable and schedule for deletion.
  for (const [name, id] of Object.entries(UNUSABLE_KEYS)) {
    base.kmsKeys.push({ id, alias: `alias/orders-${name}` });
    base.parameters.push({
      name: `/prod/orders/${name}-token`,
      type: 'SecureString',
      kmsKey: `alias/orders-${name}`,
      value: `canary-${id.slice(0, 12)}`,
    });
  }
  return base;
}

const emulator = useTestEmulator({ scenario: scenario() as never });

async function run(
  user: string,
  connection: Record<string, unknown>,
  options: Parameters<typeof diagnose>[1] = {},
  vaultExtras: Record<string, unknown> = {},
): Promise<DiagnoseReport> {
  const { accessKeyId, secretAccessKey } = await emulator().credentialsOf(user, APP);
  const config = {
    vault: {
      type: 'aws-secrets-manager',
      authType: 'access-key',
      region: REGION,
      endpoint: emulator().url,
      accessKeyId,
      secretAccessKey,
      ...vaultExtras,
    },
    connections: { orders: connection },
  };
  return diagnose(config, {
    requestHandler: createEmulatorRequestHandler(emulator().url),
    requestTimeoutMs: 5000,
    ...options,
  });
}

const expectNoCanary = (report: DiagnoseReport) => {
  const text = JSON.stringify(report);
  for (const canary of CANARIES) expect(text).not.toContain(canary);
};

describe('diagnose: Parameter Store parameters', () => {
  it('reads each parameter (and decrypts each SecureString) with the read policy', async () => {
    const shared = `arn:aws:ssm:${REGION}:${SHARING}:parameter/shared/orders/endpoint`;
    const report = await run('orders-app', {
      host: { parameter: '/prod/orders/db/host' },
      url: 'postgres://${ssm:/prod/orders/db/host:live}:${ssm:/prod/orders/db/port}/orders',
      hosts: { parameter: '/prod/orders/allowed-hosts', as: 'list' },
      password: { parameter: '/prod/orders/db/password' },
      apiKey: { parameter: '/prod/orders/api-key' },
      endpoint: { parameter: shared },
    });
    expect(report.ok, JSON.stringify(report.steps, null, 2)).toBe(true);
    expect(stepOf(report, 'config').finding).toContain('0 secrets and 7 parameters to check');
    expect(report.steps.map((step) => step.id).filter((id) => id.includes('parameter'))).toEqual([
      'read-parameter:/prod/orders/db/host',
      'read-parameter:/prod/orders/db/host:live',
      'read-parameter:/prod/orders/db/port',
      'read-parameter:/prod/orders/allowed-hosts',
      'read-parameter:/prod/orders/db/password',
      'decrypt-parameter:/prod/orders/db/password',
      'read-parameter:/prod/orders/api-key',
      'decrypt-parameter:/prod/orders/api-key',
      `read-parameter:${shared}`,
    ]);
    expect(stepOf(report, 'read-parameter:/prod/orders/db/host:live')).toMatchObject({
      parameterId: '/prod/orders/db/host:live',
    });
    expect(stepOf(report, 'read-parameter:/prod/orders/db/host:live').finding).toMatch(
      /version 2 \(selected by :live\), String/,
    );
    expect(stepOf(report, `read-parameter:${shared}`).finding).toContain(
      `shared by account ${SHARING}`,
    );
    expect(stepOf(report, 'decrypt-parameter:/prod/orders/api-key').finding).toContain(
      'kms:ViaService ssm.us-east-2.amazonaws.com',
    );
    expectNoCanary(report);
  });

  it('tells a missing parameter from a missing version or label', async () => {
    const report = await run('orders-app', {
      a: { parameter: '/prod/orders/db/nope' },
      b: { parameter: '/prod/orders/db/host:7' },
      c: { parameter: '/prod/orders/db/host:blue' },
    });
    expect(stepOf(report, 'read-parameter:/prod/orders/db/nope')).toMatchObject({
      status: 'fail',
      problem: 'PARAMETER_NOT_FOUND',
    });
    // By name: perhaps another account's shared parameter, which only its ARN reads.
    expect(stepOf(report, 'read-parameter:/prod/orders/db/nope').remedy).toContain(
      `${PARAMETER_BY_NAME_RULE.charAt(0).toUpperCase()}${PARAMETER_BY_NAME_RULE.slice(1)}.`,
    );
    const version = stepOf(report, 'read-parameter:/prod/orders/db/host:7');
    expect(version).toMatchObject({ status: 'fail', problem: 'PARAMETER_VERSION_NOT_FOUND' });
    expect(version.finding).toContain('latest version 2');
    expect(version.finding).toContain('no version 7');
    const label = stepOf(report, 'read-parameter:/prod/orders/db/host:blue');
    expect(label).toMatchObject({ status: 'fail', problem: 'PARAMETER_VERSION_NOT_FOUND' });
    expect(label.remedy).toContain('label-parameter-version');
    // No decrypt step for a parameter that could not be read.
    expect(report.steps.some((step) => step.check === 'decrypt-parameter')).toBe(false);
  });

  it('a parameter missing by its own-account ARN gets no by-name rule', async () => {
    const arn = `arn:aws:ssm:${REGION}:${APP}:parameter/prod/orders/db/nope`;
    const report = await run('orders-app', { a: { parameter: arn } });
    const step = stepOf(report, `read-parameter:${arn}`);
    expect(step).toMatchObject({ status: 'fail', problem: 'PARAMETER_NOT_FOUND' });
    expect(step.remedy).not.toContain('reference it by its full ARN');
  });

  it('a missing ssm:GetParameters: the read policy statement for exactly that parameter', async () => {
    const report = await run('no-ssm', { host: { parameter: '/prod/orders/db/host' } });
    const step = stepOf(report, 'read-parameter:/prod/orders/db/host');
    expect(step).toMatchObject({
      status: 'fail',
      problem: 'IDENTITY_POLICY_MISSING_READ',
      document: { id: 'read-policy', statementSid: 'ReadPolicyReadParameters' },
      fix: { action: 'add-statement', statementSid: 'ReadPolicyReadParameters' },
    });
    expect(step.remedy).toContain('reference it by its full ARN');
    const statement = step.document?.json.Statement.find(
      (s) => s.Sid === 'ReadPolicyReadParameters',
    );
    expect(statement?.Action).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
    expect(statement?.Resource).toBe(`arn:aws:ssm:${REGION}:${APP}:parameter/prod/orders/db/host`);
  });

  it('kms:Decrypt refused, key unknown to the agent: cause undetermined, every check listed', async () => {
    const report = await run('no-kms', {
      password: { parameter: '/prod/orders/db/password' },
      apiKey: { parameter: '/prod/orders/api-key' },
    });
    // aws/ssm's key policy lets the account decrypt through Parameter Store.
    expect(stepOf(report, 'decrypt-parameter:/prod/orders/db/password').status).toBe('pass');
    expect(stepOf(report, 'read-parameter:/prod/orders/api-key').status).toBe('pass');
    const step = stepOf(report, 'decrypt-parameter:/prod/orders/api-key');
    // No ssm:DescribeParameters: the key, its state and its policy are unknown, so no
    // statement is prescribed as the cause.
    expect(step).toMatchObject({ status: 'fail', problem: 'KMS_ACCESS_DENIED' });
    expect(step.fix).toBeUndefined();
    expect(step.finding).toContain('the cause could not be determined');
    expect(step.remedy).toContain('aws kms describe-key');
    expect(step.remedy).toContain('aws ssm describe-parameters');
    expect(step.remedy).toContain('the key policy');
    expect(step.remedy).toContain('kms:ViaService ssm.us-east-2.amazonaws.com');
    expect(step.remedy).toContain('no Deny matches');
    expectNoCanary(report);
  });

  it('a SecureString under a disabled key, or one pending deletion: the key state and its fix', async () => {
    const credentials = await emulator().credentialsOf('developer', APP);
    const kms = new KMSClient({ region: REGION, endpoint: emulator().url, credentials });
    await kms.send(new DisableKeyCommand({ KeyId: UNUSABLE_KEYS.disabled }));
    await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: UNUSABLE_KEYS.doomed, PendingWindowInDays: 7 }),
    );
    kms.destroy();
    const connection = {
      a: { parameter: '/prod/orders/disabled-token' },
      b: { parameter: '/prod/orders/doomed-token' },
    };
    // The read policy, which allows kms:Decrypt through Parameter Store already: the key
    // cannot be learned (no ssm:DescribeParameters), and the missing statement is not blamed.
    const agent = await run('orders-app', connection);
    const unknown = stepOf(agent, 'decrypt-parameter:/prod/orders/disabled-token');
    expect(unknown).toMatchObject({ status: 'fail', problem: 'KMS_ACCESS_DENIED' });
    expect(unknown.problem).not.toBe('IDENTITY_POLICY_MISSING_KMS_DECRYPT');
    expect(unknown.remedy).toContain('KeyState Enabled');
    // An identity that may describe the parameter and the key: the state, and its fix.
    const report = await run('developer', connection);
    const disabled = stepOf(report, 'decrypt-parameter:/prod/orders/disabled-token');
    expect(disabled).toMatchObject({
      status: 'fail',
      problem: 'KEY_DISABLED',
      fix: { action: 'run-command' },
    });
    expect(disabled.finding).toContain(`key/${UNUSABLE_KEYS.disabled} is disabled`);
    expect(disabled.finding).toContain(
      "Parameter Store cannot decrypt SecureString '/prod/orders/disabled-token'",
    );
    expect(disabled.remedy).toContain(
      `aws kms enable-key --key-id arn:aws:kms:${REGION}:${APP}:key/${UNUSABLE_KEYS.disabled}`,
    );
    const doomed = stepOf(report, 'decrypt-parameter:/prod/orders/doomed-token');
    expect(doomed).toMatchObject({ status: 'fail', problem: 'KEY_PENDING_DELETION' });
    expect(doomed.remedy).toContain('aws kms cancel-key-deletion');
    // Without ssm:DescribeParameters, the one key vault.kmsKeyArns names in the account is taken.
    const disabledArn = `arn:aws:kms:${REGION}:${APP}:key/${UNUSABLE_KEYS.disabled}`;
    const configured = await run(
      'describe-key',
      { a: connection.a },
      {},
      { kmsKeyArns: [disabledArn] },
    );
    const guessed = stepOf(configured, 'decrypt-parameter:/prod/orders/disabled-token');
    expect(guessed).toMatchObject({ status: 'fail', problem: 'KEY_DISABLED' });
    expect(guessed.finding).toContain('vault.kmsKeyArns');
    expectNoCanary(configured);
    expectNoCanary(agent);
    expectNoCanary(report);
  });

  it('an explicit Deny: the statement to remove, not an Allow to add', async () => {
    const report = await run('denied', { host: { parameter: '/prod/orders/db/host' } });
    const step = stepOf(report, 'read-parameter:/prod/orders/db/host');
    expect(step).toMatchObject({
      status: 'fail',
      problem: 'EXPLICIT_DENY',
      fix: { action: 'remove-deny-statement' },
    });
  });

  it('the region and cross-account rules of parameter ARNs', async () => {
    const otherRegion = `arn:aws:ssm:us-west-2:${APP}:parameter/prod/orders/db/host`;
    const unshared = `arn:aws:ssm:${REGION}:${SHARING}:parameter/shared/private`;
    const report = await run(
      'developer',
      { private: { parameter: unshared } },
      { parameters: [otherRegion] },
    );
    const regionRule = `parameter '${otherRegion}' is in region us-west-2, but the vault reads from ${REGION}: a referenced parameter must be in the vault's region`;
    expect(stepOf(report, `read-parameter:${otherRegion}`)).toMatchObject({
      status: 'fail',
      problem: 'PARAMETER_IN_OTHER_REGION',
    });
    expect(stepOf(report, `read-parameter:${otherRegion}`).finding).toContain(regionRule);
    // In the config it is an error of the config itself, as validate reports it.
    const inConfig = await run('developer', { west: { parameter: otherRegion } });
    expect(stepOf(inConfig, 'config')).toMatchObject({ status: 'fail', problem: 'CONFIG_INVALID' });
    expect(stepOf(inConfig, 'config').finding).toContain(regionRule);
    const step = stepOf(report, `read-parameter:${unshared}`);
    expect(step).toMatchObject({ status: 'fail', problem: 'PARAMETER_NOT_SHARED' });
    expect(step.remedy).toMatch(/AWS RAM/);
    expect(step.remedy).toMatch(/advanced tier/);
  });

  it('reads a secret through /aws/reference/secretsmanager/ with decryption, never showing it', async () => {
    const ref = '/aws/reference/secretsmanager/prod/orders/db';
    const report = await run('developer', {
      db: { parameter: ref },
      gone: { parameter: '/aws/reference/secretsmanager/prod/orders/nope' },
      old: { parameter: `${ref}:AWSPREVIOUS` },
    });
    const read = stepOf(report, `read-parameter:${ref}`);
    expect(read.status, JSON.stringify(read)).toBe('pass');
    expect(read.finding).toMatch(
      /read secret arn:aws:secretsmanager:us-east-2:111111111111:secret:prod\/orders\/db-\w{6} from Secrets Manager/,
    );
    // Read decrypted already: no second decrypt step.
    expect(report.steps.some((step) => step.check === 'decrypt-parameter')).toBe(false);
    const gone = stepOf(report, 'read-parameter:/aws/reference/secretsmanager/prod/orders/nope');
    expect(gone).toMatchObject({ status: 'fail', problem: 'SECRET_NOT_FOUND' });
    expect(gone.finding).toContain("Secrets Manager in us-east-2 has no secret 'prod/orders/nope'");
    expect(gone.remedy).toContain(
      'aws secretsmanager describe-secret --secret-id prod/orders/nope',
    );
    const old = stepOf(report, `read-parameter:${ref}:AWSPREVIOUS`);
    expect(old).toMatchObject({ status: 'fail', problem: 'VERSION_NOT_FOUND' });
    expect(old.finding).toContain("no version stage or version id 'AWSPREVIOUS'");
    expectNoCanary(report);
  });

  it('a secret reference Secrets Manager refuses: the causes in Secrets Manager terms', async () => {
    const ref = '/aws/reference/secretsmanager/prod/orders/db';
    const report = await run('no-kms', { db: { parameter: ref } });
    const step = stepOf(report, `read-parameter:${ref}`);
    expect(step).toMatchObject({ status: 'fail', problem: 'UNKNOWN' });
    expect(step.finding).toContain("could not read secret 'prod/orders/db' from Secrets Manager");
    expect(step.remedy).toContain('secretsmanager:GetSecretValue on the secret');
    expectNoCanary(report);
  });

  it('options.parameters adds references, and a bad one fails the config step', async () => {
    const report = await run(
      'orders-app',
      { port: 5432 },
      { parameters: ['/prod/orders/db/host:previous'] },
    );
    expect(stepOf(report, 'read-parameter:/prod/orders/db/host:previous').finding).toContain(
      'version 1',
    );
    const bad = await run('orders-app', { port: 5432 }, { parameters: ['/prod/orders db'] });
    expect(stepOf(bad, 'config')).toMatchObject({ status: 'fail', problem: 'CONFIG_INVALID' });
    expect(stepOf(bad, 'config').finding).toContain("parameter reference '/prod/orders db'");
  });
});
