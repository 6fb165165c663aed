import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWith } from './helpers.js';

const ENV = 'AWS_EC2_METADATA_SERVICE_ENDPOINT';

describe('instance metadata (IMDSv2)', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[ENV];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[ENV];
    else process.env[ENV] = saved;
  });

  it('serves the instance profile role to the SDK fromInstanceMetadata provider, and the credentials work', async () => {
    await using emu = await startWith('role-based-self-assume');
    process.env[ENV] = emu.url;
    const credentials = await fromInstanceMetadata({ timeout: 1000, maxRetries: 0 })();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.sessionToken).toBeTruthy();
    const sts = new STSClient({ endpoint: emu.url, region: 'us-east-2', credentials });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/vaultline-agent/i-0emulator00000001',
    );
    const counters = await emu.control.counters();
    expect(counters['imds:PUT /latest/api/token']).toBeGreaterThanOrEqual(1);
  });

  it('requires a token unless the scenario allows IMDSv1, and refuses unknown tokens', async () => {
    await using emu = await startWith('role-based-self-assume');
    const path = `${emu.url}/latest/meta-data/placement/region`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { 'x-aws-ec2-metadata-token': 'forged' } })).status).toBe(
      401,
    );
    const tokenResponse = await fetch(`${emu.url}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
    });
    const token = await tokenResponse.text();
    const region = await fetch(path, { headers: { 'x-aws-ec2-metadata-token': token } });
    expect(await region.text()).toBe('us-east-2');
    const document = await fetch(`${emu.url}/latest/dynamic/instance-identity/document`, {
      headers: { 'x-aws-ec2-metadata-token': token },
    });
    expect(await document.json()).toMatchObject({ accountId: '222222222222', region: 'us-east-2' });
    const noTtl = await fetch(`${emu.url}/latest/api/token`, { method: 'PUT' });
    expect(noTtl.status).toBe(400);
  });

  it('rotates the credentials once a shortened lifetime is half spent', async () => {
    await using emu = await startWith('role-based-self-assume');
    process.env[ENV] = emu.url;
    await emu.control.setCredentials({ lifetimeSeconds: 2 });
    const first = await fromInstanceMetadata()();
    expect(first.expiration!.getTime() - Date.now()).toBeLessThanOrEqual(2000);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await fromInstanceMetadata()();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });
});
