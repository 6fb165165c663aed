import { describe, expect, it } from 'vitest';
import { ACCOUNT, OTHER_ACCOUNT, REGION } from './fixtures.js';
import { arnOf, CANARY, rejection, resolverFor, smCalls, useResolverEmulator } from './helpers.js';

const emulator = useResolverEmulator({
  beforeEach: async (emu) => {
    await emu.control.resetCounters();
  },
});

describe('getSecret and getValue', () => {
  it('returns the GetSecretValue shape plus stale', async () => {
    await using resolver = await resolverFor(emulator());
    const secret = await resolver.getSecret('app/plain');
    expect(secret).toMatchObject({
      Name: 'app/plain',
      SecretString: CANARY.plain,
      VersionStages: expect.arrayContaining(['AWSCURRENT']),
      stale: false,
    });
    expect(secret.ARN).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app/plain-[A-Za-z0-9]{6}$`),
    );
    expect(secret.VersionId).toMatch(/\S/);
    expect(secret.CreatedDate).toBeInstanceOf(Date);
  });

  it('reads one key of a JSON secret, keeping numbers and booleans', async () => {
    await using resolver = await resolverFor(emulator());
    expect(await resolver.getValue('prod/db:password')).toBe(CANARY.dbPassword);
    expect(await resolver.getValue('prod/db:port')).toBe(5432);
    expect(await resolver.getValue('prod/db:tls')).toBe(true);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });
  });

  it('returns bytes for a binary secret', async () => {
    await using resolver = await resolverFor(emulator());
    const value = await resolver.getValue('app/binary');
    expect(value).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(value as Uint8Array).toString()).toBe(CANARY.binary);
  });

  it('lists the keys that exist when a key is missing, never a value', async () => {
    await using resolver = await resolverFor(emulator());
    const error = await rejection(resolver.getValue('prod/db:pasword'));
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toContain("'username', 'password', 'port', 'tls'");
    expect(error.message).not.toContain(CANARY.dbPassword);
  });

  it('says a plain-text or binary secret is not JSON, never showing it', async () => {
    await using resolver = await resolverFor(emulator());
    for (const ref of ['app/plain:password', 'app/binary:password']) {
      const error = await rejection(resolver.getValue(ref));
      expect(error.code).toBe('NOT_JSON');
      expect(error.message).not.toContain(CANARY.plain);
      expect(error.message).not.toContain(CANARY.binary);
    }
  });

  it('reads other versions by stage and by id through GetSecretValue', async () => {
    await using resolver = await resolverFor(emulator());
    const current = await resolver.getSecret('app/plain');
    const previous = await resolver.getSecret('app/plain', { versionStage: 'AWSPREVIOUS' });
    expect(previous.SecretString).toBe(CANARY.previous);
    expect(await resolver.getValue('app/plain::AWSPREVIOUS:')).toBe(CANARY.previous);
    const byId = await resolver.getSecret({ secretId: 'app/plain', versionId: previous.VersionId });
    expect(byId.SecretString).toBe(CANARY.previous);
    expect(byId.VersionId).not.toBe(current.VersionId);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 3 });
  });

  it('keeps one cache entry for a name, its partial ARN and its full ARN', async () => {
    await using resolver = await resolverFor(emulator());
    const { ARN } = await resolver.getSecret('prod/db');
    const partial = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:prod/db`;
    expect(await resolver.getValue(`${ARN}:username`)).toBe('app');
    await resolver.getSecret(ARN);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });
    // A partial ARN is its own spelling the first time; afterwards it shares the entry.
    await resolver.getSecret(partial);
    await resolver.getSecret(partial);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 2 });
  });

  it('reads a secret shared from another account by full ARN', async () => {
    await using resolver = await resolverFor(emulator());
    const arn = await arnOf(emulator(), 'shared/db', OTHER_ACCOUNT);
    expect(await resolver.getValue(`${arn}:password`)).toBe(CANARY.shared);
  });
});
