/**
 * diagnose against the emulator over real HTTP, on the committed matrix scenarios: progress
 * events, cancellation, invalid configs, wrong keys, ExternalId mismatch, missing secrets and
 * JSON keys, and that no finding ever shows a secret value or a secret access key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { DiagnoseStepEvent } from '../src/index.js';
import { AGENT, MATRIX_DIR, REGION, SECRETS, stepOf, useMatrixEmulator } from './helpers.js';

const CANARIES = ['canary-matrix-app-5e8a1c', 'canary-matrix-shared-9d4f27'];
const scenarioText = (file: string) => readFileSync(join(MATRIX_DIR, file), 'utf8');

const { emulator, run } = useMatrixEmulator('role-based.yaml');

const roleBased = (extra: Record<string, unknown> = {}, connections?: Record<string, unknown>) => ({
  vault: {
    type: 'aws-secrets-manager',
    authType: 'role-based',
    region: REGION,
    iamRole: `arn:aws:iam::${AGENT}:role/vaultline-agent`,
    externalId: 'vaultline-orders-7f3a',
    instanceMetadata: { endpoint: emulator().url },
    ...extra,
  },
  connections: connections ?? {
    app: { user: { secret: 'app/db:username' }, password: { secret: 'app/db:password' } },
  },
});

describe('diagnose', () => {
  it('reports each step as it starts and finishes, in order', async () => {
    await emulator().control.loadScenario(scenarioText('role-based.yaml'));
    const events: DiagnoseStepEvent[] = [];
    const report = await run(roleBased(), { onStep: (event) => events.push(event) });
    expect(report.ok).toBe(true);
    const expected = report.steps.flatMap((step) => [`start ${step.id}`, `finish ${step.id}`]);
    expect(
      events.map((e) => (e.phase === 'start' ? `start ${e.id}` : `finish ${e.step.id}`)),
    ).toEqual(expected);
    expect(report.steps.map((s) => s.id)).toEqual([
      'config',
      'credentials',
      'caller-identity',
      'assume-role',
      'list-secrets',
      'describe-secret:app/db',
      'read-secret:app/db',
    ]);
    for (const step of report.steps) expect(step.durationMs).toBeGreaterThanOrEqual(0);
    expect(stepOf(report, 'caller-identity').finding).toContain(
      `arn:aws:sts::${AGENT}:assumed-role/ec2-agent-host/`,
    );
    expect(stepOf(report, 'assume-role').finding).toContain('assumed-role/vaultline-agent/');
    expect(stepOf(report, 'read-secret:app/db').finding).toContain('username, password');
  });

  it('never shows a secret value or the secret access key, even in failures', async () => {
    await emulator().control.loadScenario(scenarioText('access-key.yaml'));
    const { accessKeyId, secretAccessKey } = await emulator().credentialsOf(
      'vaultline-user',
      AGENT,
    );
    const events: DiagnoseStepEvent[] = [];
    const config = {
      vault: {
        type: 'aws-secrets-manager',
        authType: 'access-key',
        region: REGION,
        accessKeyId,
        secretAccessKey,
      },
      connections: {
        // A JSON key that is missing, and a whole-value reference: both read the value.
        app: { missing: { secret: 'app/db:no-such-key' }, whole: { secret: 'app/db' } },
      },
    };
    const report = await run(config, { onStep: (event) => events.push(event) });
    const read = stepOf(report, 'read-secret:app/db');
    expect(read).toMatchObject({ status: 'fail', problem: 'JSON_KEY_MISSING' });
    expect(read.finding).toContain("'no-such-key'");
    const text = JSON.stringify({ report, events });
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    expect(text).not.toContain(secretAccessKey);

    const wrongKey = await run({
      ...config,
      vault: { ...config.vault, secretAccessKey: `${secretAccessKey.slice(0, -4)}XXXX` },
    });
    expect(stepOf(wrongKey, 'credentials').status).toBe('pass');
    expect(stepOf(wrongKey, 'caller-identity')).toMatchObject({
      status: 'fail',
      problem: 'AUTH_FAILED',
    });
    expect(stepOf(wrongKey, 'list-secrets').status).toBe('skip');
    expect(JSON.stringify(wrongKey)).not.toContain(secretAccessKey.slice(0, -4));
  });

  it('stops at an invalid config and skips every AWS check', async () => {
    const report = await run({ vault: { authType: 'role-based', region: 'US East (Ohio)' } });
    expect(report.ok).toBe(false);
    expect(stepOf(report, 'config')).toMatchObject({ status: 'fail', problem: 'CONFIG_INVALID' });
    expect(stepOf(report, 'config').finding).toContain('vault.region');
    expect(report.steps.slice(1).every((s) => s.status === 'skip')).toBe(true);
  });

  it('names an unknown connection', async () => {
    const report = await run(roleBased(), { connections: ['nope'] });
    expect(stepOf(report, 'config')).toMatchObject({ status: 'fail', problem: 'CONFIG_INVALID' });
    expect(stepOf(report, 'config').finding).toContain("no connection named 'nope'");
  });

  it('a wrong or missing ExternalId: the trust statement for the caller with the configured id (AWS does not tell the two apart)', async () => {
    await emulator().control.loadScenario(scenarioText('role-based.yaml'));
    const report = await run(roleBased({ externalId: 'not-the-right-one' }));
    expect(stepOf(report, 'assume-role')).toMatchObject({
      status: 'fail',
      problem: 'TRUST_POLICY_MISSING_CALLER',
      document: { id: 'trust-policy', statementSid: 'TrustInstanceRole' },
    });
    expect(stepOf(report, 'assume-role').remedy).toContain('vault.externalId');
    const trusted = stepOf(report, 'assume-role').document?.json.Statement.find(
      (s) => s.Sid === 'TrustInstanceRole',
    );
    expect(JSON.stringify(trusted?.Condition)).toContain('not-the-right-one');

    const noExternalId = await run(roleBased({ externalId: undefined }));
    expect(stepOf(noExternalId, 'assume-role').problem).toBe('TRUST_POLICY_MISSING_CALLER');
    expect(stepOf(noExternalId, 'assume-role').remedy).toContain('set vault.externalId');
  });

  it('reports a secret that does not exist, and keeps checking the others', async () => {
    await emulator().control.loadScenario(scenarioText('role-based.yaml'));
    const report = await run(roleBased(), { secrets: ['app/missing'] });
    expect(stepOf(report, 'describe-secret:app/missing')).toMatchObject({ status: 'fail' });
    expect(stepOf(report, 'read-secret:app/missing').status).toBe('fail');
    expect(stepOf(report, 'read-secret:app/db').status).toBe('pass');
  });

  it('skips what is left once cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await run(roleBased(), { signal: controller.signal });
    expect(report.ok).toBe(false);
    expect(report.steps.every((s) => s.status === 'skip')).toBe(true);
    expect(stepOf(report, 'config').problem).toBe('CANCELLED');
  });

  it('keeps going when the progress callback throws', async () => {
    await emulator().control.loadScenario(scenarioText('role-based.yaml'));
    const report = await run(roleBased(), {
      onStep: () => {
        throw new Error('display failed');
      },
    });
    expect(report.ok).toBe(true);
  });
});

describe('the emulator region rule diagnose relies on', () => {
  it('does not find a secret of another region from this region', async () => {
    await emulator().control.loadScenario(scenarioText('misconfigured-other-region.yaml'));
    const credentials = await emulator().credentialsOf('secrets-admin', SECRETS);
    const west = new SecretsManagerClient({
      region: 'us-west-2',
      endpoint: emulator().url,
      credentials,
      maxAttempts: 1,
    });
    const east = new SecretsManagerClient({
      region: REGION,
      endpoint: emulator().url,
      credentials,
      maxAttempts: 1,
    });
    try {
      const { ARN } = await west.send(new GetSecretValueCommand({ SecretId: 'shared/db' }));
      await expect(east.send(new GetSecretValueCommand({ SecretId: ARN! }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    } finally {
      west.destroy();
      east.destroy();
    }
  });
});
