import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWith } from './helpers.js';

// Details where the emulator must answer as AWS does, so advice proven here holds there.
describe('AWS conformance details', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a VersionId shorter than 32 characters is a ValidationException in the "1 validation error detected" form', async () => {
    await using emu = await startWith('single-account');
    const sm = new SecretsManagerClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: await emu.control.userCredentials('developer'),
      maxAttempts: 1,
    });
    await expect(
      sm.send(new GetSecretValueCommand({ SecretId: 'anything', VersionId: 'short-id' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'short-id' at 'versionId' failed to satisfy constraint: Member must have length greater than or equal to 32",
    });
    sm.destroy();
  });

  it("ListSecrets' all filter is not case-sensitive (name is)", async () => {
    await using emu = await startWith('single-account');
    const sm = new SecretsManagerClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: await emu.control.userCredentials('developer'),
      maxAttempts: 1,
    });
    try {
      await sm.send(new CreateSecretCommand({ Name: 'Orders/DB-conformance', SecretString: 'x' }));
      const list = async (Key: 'all' | 'name', value: string) =>
        (
          await sm.send(new ListSecretsCommand({ Filters: [{ Key, Values: [value] }] }))
        ).SecretList?.map((s) => s.Name) ?? [];
      expect(await list('all', 'orders/db-conf')).toContain('Orders/DB-conformance');
      expect(await list('name', 'orders/db-conf')).not.toContain('Orders/DB-conformance');
      expect(await list('name', 'Orders/DB-conf')).toContain('Orders/DB-conformance');
    } finally {
      sm.destroy();
    }
  });

  it('instance metadata answers paths with a trailing slash, and never serves credentials within five minutes of expiry', async () => {
    await using emu = await startWith('role-based-self-assume');
    const token = await (
      await fetch(`${emu.url}/latest/api/token`, {
        method: 'PUT',
        headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
      })
    ).text();
    const get = (path: string) =>
      fetch(`${emu.url}/latest/meta-data/${path}`, {
        headers: { 'x-aws-ec2-metadata-token': token },
      });
    const zone = await get('placement/availability-zone/');
    expect(zone.status).toBe(200);
    expect(await zone.text()).toBe(await (await get('placement/availability-zone')).text());
    expect((await get('instance-id/')).status).toBe(200);

    // Credentials of 7 minutes: at least 5 of them are left whenever they are served.
    await emu.control.setCredentials({ lifetimeSeconds: 420 });
    const role = (await (await get('iam/security-credentials/')).text()).trim();
    const served = async () =>
      JSON.parse(await (await get(`iam/security-credentials/${role}/`)).text()) as {
        AccessKeyId: string;
        Expiration: string;
      };
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const first = await served();
    vi.setSystemTime(Date.now() + 150_000); // 4.5 minutes left: rotate
    const second = await served();
    expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
    for (const credentials of [first, second]) {
      expect(Date.parse(credentials.Expiration) - Date.now()).toBeGreaterThanOrEqual(0);
    }
    expect(Date.parse(second.Expiration) - Date.now()).toBeGreaterThanOrEqual(300_000);
  });
});
