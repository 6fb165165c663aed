import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulatorRequestHandler } from '../src/index.js';
import { startWith } from './helpers.js';

describe('STS', () => {
  it('answers GetCallerIdentity for a user signed with its long-term key', async () => {
    await using emu = await startWith('single-account');
    const { accessKeyId, secretAccessKey, arn } = await emu.control.userCredentials('developer');
    const sts = new STSClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: { accessKeyId, secretAccessKey },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '111111111111', Arn: arn });
    expect(identity.UserId).toMatch(/^AIDA/);
  });

  it('issues ASIA credentials on AssumeRole that work, and a role may assume itself', async () => {
    await using emu = await startWith('role-based-self-assume');
    const credentials = await emu.control.userCredentials('operator');
    const sts = new STSClient({ endpoint: emu.url, region: 'us-east-2', credentials });
    const roleArn = 'arn:aws:iam::222222222222:role/vaultline-agent';
    const first = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'first', DurationSeconds: 900 }),
    );
    expect(first.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(first.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 800_000);
    expect(first.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/vaultline-agent/first',
    );
    const asRole = new STSClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: {
        accessKeyId: first.Credentials!.AccessKeyId!,
        secretAccessKey: first.Credentials!.SecretAccessKey!,
        sessionToken: first.Credentials!.SessionToken!,
      },
    });
    const again = await asRole.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'self' }),
    );
    expect(again.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/vaultline-agent/self',
    );
    const who = await asRole.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe('arn:aws:sts::222222222222:assumed-role/vaultline-agent/first');
  });

  it('on the global endpoint accepts us-east-1 signatures and refuses us-east-2 ones', async () => {
    await using emu = await startWith('single-account');
    const credentials = await emu.control.userCredentials('developer');
    const client = (region: string) =>
      new STSClient({
        region,
        endpoint: 'https://sts.amazonaws.com',
        requestHandler: createEmulatorRequestHandler(emu.url),
        credentials,
      });
    await expect(client('us-east-1').send(new GetCallerIdentityCommand({}))).resolves.toMatchObject(
      {
        Account: '111111111111',
      },
    );
    await expect(client('us-east-2').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: expect.stringContaining('Credential should be scoped to a valid region'),
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('on a regional endpoint accepts only its own region', async () => {
    await using emu = await startWith('single-account');
    const credentials = await emu.control.userCredentials('developer');
    const client = (region: string) =>
      new STSClient({
        region,
        endpoint: 'https://sts.us-west-1.amazonaws.com',
        requestHandler: createEmulatorRequestHandler(emu.url),
        credentials,
      });
    await expect(client('us-west-1').send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    await expect(client('us-east-1').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });
});
