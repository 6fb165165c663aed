import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { allowsConnection, allowsSecret, secretNameOf } from './scopes.js';
import { createTokenStore } from './tokens.js';

const settings = (
  tokens: { token: string; name?: string; secrets?: string[]; connections?: string[] }[] = [],
) => ({
  ssrf_env_variables: ['AWS_TOKEN', 'AWS_SESSION_TOKEN'],
  token_reload_interval_ms: 20,
  tokens: tokens.map((token) => ({ secrets: [], connections: [], ...token })),
});

describe('token store', () => {
  it('matches only the exact token', () => {
    const store = createTokenStore({ settings: settings(), env: { AWS_TOKEN: 'abc123' } });
    expect(store.match('abc123')?.name).toBe('AWS_TOKEN');
    for (const wrong of ['', 'abc12', 'abc1234', 'ABC123', ' abc123', 'abc123\n']) {
      expect(store.match(wrong), JSON.stringify(wrong)).toBeUndefined();
    }
    store.close();
  });

  it('gives each scoped token its own grant, beside the full-access env token', () => {
    const store = createTokenStore({
      settings: settings([
        { token: 'app1', name: 'app1', secrets: ['prod/app1/'] },
        { token: 'env:APP2_TOKEN', connections: ['orders'] },
      ]),
      env: { AWS_SESSION_TOKEN: 'full', APP2_TOKEN: 'app2' },
    });
    expect(store.size).toBe(3);
    expect(store.match('full')).toMatchObject({ secrets: ['*'], connections: ['*'] });
    expect(store.match('app1')).toMatchObject({ name: 'app1', secrets: ['prod/app1/'] });
    expect(store.match('app2')).toMatchObject({ name: 'tokens[1]', connections: ['orders'] });
    store.close();
  });

  it('refuses to start without any token, naming where one can come from', () => {
    expect(() => createTokenStore({ settings: settings(), env: {} })).toThrow(
      /no token configured: set one of AWS_TOKEN, AWS_SESSION_TOKEN/,
    );
  });

  it('re-reads a token file when it changes and keeps the old token if the new file is empty', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'token');
    await writeFile(file, 'one\n');
    const events: { ok: boolean; message?: string }[] = [];
    const store = createTokenStore({
      settings: settings([{ token: `file://${file}`, name: 'file', secrets: ['*'] }]),
      env: {},
      onReload: (event) => events.push(event),
    });
    try {
      expect(store.match('one')).toBeDefined();
      await writeFile(file, 'two');
      await expect.poll(() => store.match('two') !== undefined, { timeout: 2000 }).toBe(true);
      expect(store.match('one')).toBeUndefined();

      await writeFile(join(dir.path, 'next'), '   ');
      await rename(join(dir.path, 'next'), file);
      await expect.poll(() => events.some((event) => !event.ok), { timeout: 2000 }).toBe(true);
      expect(store.match('two')).toBeDefined();
      expect(events.find((event) => !event.ok)?.message).toContain('is empty');
      expect(JSON.stringify(events)).not.toContain('two');
    } finally {
      store.close();
    }
  });

  it('reads a file:// value of an env variable, as the agent does', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'awssmatoken');
    await writeFile(file, 'from-file\n');
    const store = createTokenStore({ settings: settings(), env: { AWS_TOKEN: `file://${file}` } });
    expect(store.match('from-file')).toBeDefined();
    store.close();
    expect(() =>
      createTokenStore({ settings: settings(), env: { AWS_TOKEN: 'file:///nonexistent/token' } }),
    ).toThrow(/cannot read the token file \/nonexistent\/token \(ENOENT\)/);
  });
});

describe('scopes', () => {
  const app1 = { name: 'app1', secrets: ['prod/app1/'], connections: ['orders'] };

  it.each([
    ['prod/app1/db', true],
    ['prod/app1/', true],
    ['prod/app2/x', false],
    ['prod/app10/x', false],
    ['prod', false],
    ['arn:aws:secretsmanager:us-east-2:111111111111:secret:prod/app1/db-AbCdEf', true],
    ['arn:aws:secretsmanager:us-east-2:111111111111:secret:prod/app2/x-AbCdEf', false],
  ])('prefix prod/app1/ and %s: %s', (secretId, allowed) => {
    expect(allowsSecret(app1, secretId)).toBe(allowed);
  });

  it('reads the name out of full and partial ARNs', () => {
    expect(secretNameOf('arn:aws:secretsmanager:us-east-2:111111111111:secret:a/b-AbCdEf')).toBe(
      'a/b',
    );
    expect(secretNameOf('arn:aws:secretsmanager:us-east-2:111111111111:secret:a/b')).toBe('a/b');
    expect(secretNameOf('plain/name')).toBe('plain/name');
  });

  it('grants connections by exact name or "*"', () => {
    expect(allowsConnection(app1, 'orders')).toBe(true);
    expect(allowsConnection(app1, 'orders2')).toBe(false);
    expect(allowsConnection({ ...app1, connections: ['*'] }, 'anything')).toBe(true);
  });
});
