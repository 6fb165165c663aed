import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { EmulatorControl, EmulatorError } from '../src/index.js';
import { startWith } from './helpers.js';

const client = async (emu: { url: string; control: EmulatorControl }, user = 'developer') =>
  new SecretsManagerClient({
    endpoint: emu.url,
    region: 'us-east-2',
    credentials: await emu.control.userCredentials(user),
    maxAttempts: 1,
  });

describe('control API and faults', () => {
  it('refuses control requests without the token', async () => {
    await using emu = await startWith('single-account');
    const response = await fetch(`${emu.url}/_emulator/identities`);
    expect(response.status).toBe(401);
    const forged = new EmulatorControl(emu.url, 'not-the-token');
    await expect(forged.counters()).rejects.toBeInstanceOf(EmulatorError);
  });

  it('counts calls per action and resets the counters', async () => {
    await using emu = await startWith('single-account');
    const sm = await client(emu);
    await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    await sm.send(new GetSecretValueCommand({ SecretId: 'app/api-key' }));
    await sm.send(new ListSecretsCommand({}));
    expect(await emu.control.counters()).toEqual({
      'secretsmanager:GetSecretValue': 2,
      'secretsmanager:ListSecrets': 1,
    });
    await emu.control.resetCounters();
    expect(await emu.control.counters()).toEqual({});
  });

  it('injects throttling, internal errors, outages, latency and connection resets per action', async () => {
    await using emu = await startWith('single-account');
    const sm = await client(emu);
    const get = () => sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    await emu.control.setFault('secretsmanager:GetSecretValue', { throttleProbability: 1 });
    await expect(get()).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(sm.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    await emu.control.setFault('secretsmanager:GetSecretValue', { internalErrorProbability: 1 });
    await expect(get()).rejects.toMatchObject({
      name: 'InternalServiceError',
      $metadata: { httpStatusCode: 500 },
    });
    await emu.control.setFault('*', { outage: true });
    await expect(sm.send(new ListSecretsCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    await emu.control.clearFaults();
    await emu.control.setFault('secretsmanager:GetSecretValue', { latencyMs: 150 });
    const started = performance.now();
    await get();
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    await emu.control.setFault('secretsmanager:GetSecretValue', { connectionResetProbability: 1 });
    await expect(get()).rejects.toThrow();
    await emu.control.clearFaults();
    await expect(get()).resolves.toMatchObject({ Name: 'prod/db' });
  });

  it('adds and changes secrets, and resets to the baseline scenario', async () => {
    await using emu = await startWith('single-account');
    const sm = await client(emu);
    await emu.control.putSecret({ name: 'added/by-control', value: 'canary-control-1' });
    await emu.control.putSecret({ name: 'prod/db', value: 'canary-control-2' });
    expect(
      (await sm.send(new GetSecretValueCommand({ SecretId: 'added/by-control' }))).SecretString,
    ).toBe('canary-control-1');
    const changed = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    expect(changed.SecretString).toBe('canary-control-2');
    const previous = await sm.send(
      new GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toContain('canary-7f3a91c2d4e8');
    await emu.control.reset();
    await expect(
      sm.send(new GetSecretValueCommand({ SecretId: 'added/by-control' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it("reads and replaces a user's identity policies, which apply at once", async () => {
    await using emu = await startWith('single-account');
    const sm = await client(emu);
    const { arn } = await emu.control.userCredentials('developer');
    const before = (await emu.control.principalDocuments()).find((p) => p.arn === arn)!;
    expect(before).toMatchObject({ kind: 'user', policies: [expect.any(Object)] });
    await emu.control.setPrincipalDocuments({ arn, policies: [] });
    await expect(sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).rejects.toMatchObject(
      {
        name: 'AccessDeniedException',
      },
    );
    await emu.control.setPrincipalDocuments({ arn, policies: before.policies });
    await expect(
      sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })),
    ).resolves.toBeDefined();
    await expect(
      emu.control.setPrincipalDocuments({ arn, trustPolicy: { Statement: [] } }),
    ).rejects.toThrow(/only roles have a trust policy/);
    await expect(
      emu.control.setPrincipalDocuments({ arn, policies: [{ Statement: [{ Effect: 'Allow' }] }] }),
    ).rejects.toThrow(/invalid policy document/);
  });

  it('rejects an invalid scenario with every problem listed', async () => {
    await using emu = await startWith('single-account');
    await expect(
      emu.control.loadScenario('accounts:\n  - id: 12\nusers:\n  - account: "999999999999"\n'),
    ).rejects.toThrow(/accounts\.0\.id: .*12 digits[\s\S]*users\.0\.name/);
  });
});

describe('Secrets Manager batch and listing (SDK only: AWS CLI 2.9.19 lacks batch-get-secret-value)', () => {
  it('BatchGetSecretValue returns values and per-secret Errors', async () => {
    await using emu = await startWith('single-account');
    const sm = await client(emu, 'reader');
    const result = await sm
      .send(
        new BatchGetSecretValueCommand({ SecretIdList: ['app/api-key', 'prod/db', 'app/none'] }),
      )
      .catch((e: Error) => e);
    // The reader has no secretsmanager:BatchGetSecretValue: the whole call is denied.
    expect(result).toMatchObject({ name: 'AccessDeniedException' });
    const dev = await client(emu);
    const batch = await dev.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['app/api-key', 'prod/db', 'app/none'] }),
    );
    expect(batch.SecretValues?.map((v) => v.Name).sort()).toEqual(['app/api-key', 'prod/db']);
    expect(batch.Errors).toEqual([
      expect.objectContaining({ SecretId: 'app/none', ErrorCode: 'ResourceNotFoundException' }),
    ]);
    const filtered = await dev.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['app/'] }] }),
    );
    expect(filtered.SecretValues?.map((v) => v.Name).sort()).toEqual([
      'app/api-key',
      'app/tls-key',
    ]);
    await expect(
      dev.send(
        new BatchGetSecretValueCommand({
          SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('ListSecrets paginates, filters with negation and keeps regions apart', async () => {
    await using emu = await startWith('single-account');
    const sm = await client(emu);
    const first = await sm.send(new ListSecretsCommand({ MaxResults: 2 }));
    expect(first.SecretList).toHaveLength(2);
    const second = await sm.send(
      new ListSecretsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    expect([...first.SecretList!, ...second.SecretList!].map((s) => s.Name)).toEqual([
      'app/api-key',
      'app/tls-key',
      'prod/db',
    ]);
    expect(second.NextToken).toBeUndefined();
    const notApp = await sm.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['!app/'] }] }),
    );
    expect(notApp.SecretList?.map((s) => s.Name)).toEqual(['prod/db']);
    const west = new SecretsManagerClient({
      endpoint: emu.url,
      region: 'us-west-1',
      credentials: await emu.control.userCredentials('developer'),
    });
    expect((await west.send(new ListSecretsCommand({}))).SecretList?.map((s) => s.Name)).toEqual([
      'app/config',
    ]);
  });
});
