import { chmod, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { allowsConnection, allowsSecret } from './scopes.js';
import { createTokenStore } from './tokens.js';

// Tokens the store accepts: 32 characters or more, not a pattern.
const T1 = 'abc123-5f0e2c7a9b1d84c3e6a0d2f7b9e1';
const T2 = 'app1-2b8e4f6a0c9d1e3f5a7b9c0d2e4f6a8b';
const T3 = 'app2-9f7e5d3c1b0a8e6d4c2b0a9f8e7d6c5b';
const FULL = 'full-1d3c5b7a9f0e2d4c6b8a0f1e3d5c7b9a';
const ONE = 'one-7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e';
const TWO = 'two-0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a';
const FROM_FILE = 'from-file-4c2a0e8f6d4b2a0c8e6f4d2b0a8c6e4f';

const settings = (
  tokens: { token: string; name?: string; secrets?: string[]; connections?: string[] }[] = [],
) => ({
  ssrf_env_variables: ['AWS_TOKEN', 'AWS_SESSION_TOKEN'],
  token_reload_interval_ms: 20,
  tokens: tokens.map((token) => ({
    secrets: [],
    parameters: [],
    connections: [],
    roles: [],
    ...token,
  })),
});

describe('token store', () => {
  it('matches only the exact token', () => {
    const store = createTokenStore({ settings: settings(), env: { AWS_TOKEN: T1 } });
    expect(store.match(T1)?.name).toBe('AWS_TOKEN');
    for (const wrong of ['', T1.slice(0, -1), `${T1}4`, T1.toUpperCase(), ` ${T1}`, `${T1}\n`]) {
      expect(store.match(wrong), JSON.stringify(wrong)).toBeUndefined();
    }
    store.close();
  });

  it('gives each scoped token its own grant, beside the full-access env token', () => {
    const store = createTokenStore({
      settings: settings([
        { token: T2, name: 'app1', secrets: ['prod/app1/'] },
        { token: 'env:APP2_TOKEN', connections: ['orders'] },
      ]),
      env: { AWS_SESSION_TOKEN: FULL, APP2_TOKEN: T3 },
    });
    expect(store.size).toBe(3);
    expect(store.match(FULL)).toMatchObject({ secrets: ['*'], connections: ['*'] });
    expect(store.match(T2)).toMatchObject({ name: 'app1', secrets: ['prod/app1/'] });
    expect(store.match(T3)).toMatchObject({ name: 'tokens[1]', connections: ['orders'] });
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
    await writeFile(file, `${ONE}\n`, { mode: 0o600 });
    const events: { ok: boolean; message?: string }[] = [];
    const store = createTokenStore({
      settings: settings([{ token: `file://${file}`, name: 'file', secrets: ['*'] }]),
      env: {},
      onReload: (event) => events.push(event),
    });
    try {
      expect(store.match(ONE)).toBeDefined();
      await writeFile(file, TWO);
      await expect.poll(() => store.match(TWO) !== undefined, { timeout: 2000 }).toBe(true);
      expect(store.match(ONE)).toBeUndefined();

      await writeFile(join(dir.path, 'next'), '   ', { mode: 0o600 });
      await rename(join(dir.path, 'next'), file);
      await expect.poll(() => events.some((event) => !event.ok), { timeout: 2000 }).toBe(true);
      expect(store.match(TWO)).toBeDefined();
      expect(events.find((event) => !event.ok)?.message).toContain('is empty');
      expect(JSON.stringify(events)).not.toContain(TWO);
    } finally {
      store.close();
    }
  });

  it('reads a file:// value of an env variable, as the agent does', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'awssmatoken');
    await writeFile(file, `${FROM_FILE}\n`, { mode: 0o640 });
    const store = createTokenStore({ settings: settings(), env: { AWS_TOKEN: `file://${file}` } });
    expect(store.match(FROM_FILE)).toBeDefined();
    store.close();
    expect(() =>
      createTokenStore({ settings: settings(), env: { AWS_TOKEN: 'file:///nonexistent/token' } }),
    ).toThrow(/cannot read the token file \/nonexistent\/token \(ENOENT\)/);
  });

  it.each([
    [
      'abc123',
      /is 6 characters long; a token must be at least 32 random characters: make one with: openssl rand -hex 32/,
    ],
    ['x'.repeat(31), /is 31 characters long/],
    ['a'.repeat(64), /uses only 1 different characters, so it is not random/],
    ['01'.repeat(20), /uses only 2 different characters/],
  ])('refuses the weak token %j, saying how to make a good one', (token, message) => {
    for (const source of [
      { settings: settings(), env: { AWS_TOKEN: token } },
      { settings: settings([{ token, name: 'app1', secrets: ['prod/'] }]), env: {} },
    ]) {
      try {
        createTokenStore(source).close();
        expect.unreachable('a weak token was accepted');
      } catch (error) {
        expect((error as { code: string }).code).toBe('WEAK_TOKEN');
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain(token);
      }
    }
  });

  it('names where a weak token came from', () => {
    expect(() =>
      createTokenStore({ settings: settings(), env: { AWS_SESSION_TOKEN: 'short' } }),
    ).toThrow(/the token in the environment variable AWS_SESSION_TOKEN is 5 characters/);
    expect(() =>
      createTokenStore({ settings: settings([{ token: 'short', name: 'app1' }]), env: {} }),
    ).toThrow(/the token tokens\[0\] \(app1\) is 5 characters/);
  });

  it.each([
    [0o600, true],
    [0o400, true],
    [0o640, true],
    [0o440, true],
    [0o644, false],
    [0o604, false],
    [0o660, false],
    [0o620, false],
    [0o602, false],
  ])('a token file with mode %o is accepted: %s', async (mode, accepted) => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'token');
    await writeFile(file, FROM_FILE);
    await chmod(file, mode);
    const open = () =>
      createTokenStore({ settings: settings(), env: { AWS_TOKEN: `file://${file}` } }).close();
    if (accepted) expect(open).not.toThrow();
    else expect(open).toThrow(expect.objectContaining({ code: 'UNSAFE_FILE_MODE' }));
  });

  it('accepts a world-readable token file only with allow_world_readable_token_files, never a writable one', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'token');
    await writeFile(file, FROM_FILE);
    await chmod(file, 0o644);
    const open = (allow: boolean) =>
      createTokenStore({
        settings: {
          ...settings([{ token: `file://${file}`, name: 'app1', secrets: ['prod/'] }]),
          allow_world_readable_token_files: allow,
        },
        env: {},
      }).close();
    expect(() => open(false)).toThrow(
      new RegExp(
        `the token file ${file} holds a token and every user can read it \\(mode 644\\): run chmod 600 .*allow_world_readable_token_files`,
      ),
    );
    expect(() => open(true)).not.toThrow();
    await chmod(file, 0o666);
    expect(() => open(true)).toThrow(/group or others can write it \(mode 666\)/);
  });

  it('keeps the old token when a rotated file is world-readable or weak', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'token');
    await writeFile(file, ONE, { mode: 0o600 });
    const events: { ok: boolean; message?: string }[] = [];
    const store = createTokenStore({
      settings: settings([{ token: `file://${file}`, name: 'file', secrets: ['*'] }]),
      env: {},
      onReload: (event) => events.push(event),
    });
    try {
      await writeFile(join(dir.path, 'next'), TWO, { mode: 0o644 });
      await rename(join(dir.path, 'next'), file);
      await expect.poll(() => events.length, { timeout: 2000 }).toBeGreaterThan(0);
      expect(events[0]).toMatchObject({
        ok: false,
        message: expect.stringContaining('every user can read it'),
      });
      expect(store.match(ONE)).toBeDefined();
      expect(store.match(TWO)).toBeUndefined();

      await writeFile(join(dir.path, 'next'), 'too-short', { mode: 0o600 });
      await rename(join(dir.path, 'next'), file);
      await expect.poll(() => events.length, { timeout: 2000 }).toBeGreaterThan(1);
      expect(events[1]).toMatchObject({
        ok: false,
        message: expect.stringContaining('is 9 characters long'),
      });
      expect(store.match(ONE)).toBeDefined();
      expect(JSON.stringify(events)).not.toContain('too-short');
    } finally {
      store.close();
    }
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

  it.each([[''], [' '], ['\t']])(
    'a blank prefix %j grants nothing (only "*" means every secret)',
    (prefix) => {
      const grant = { name: 'blank', secrets: [prefix], connections: [] };
      expect(allowsSecret(grant, 'prod/app1/db')).toBe(false);
      expect(allowsSecret(grant, ' x')).toBe(false);
      expect(allowsSecret({ ...grant, secrets: ['*'] }, 'prod/app1/db')).toBe(true);
    },
  );

  it('grants connections by exact name or "*"', () => {
    expect(allowsConnection(app1, 'orders')).toBe(true);
    expect(allowsConnection(app1, 'orders2')).toBe(false);
    expect(allowsConnection({ ...app1, connections: ['*'] }, 'anything')).toBe(true);
  });
});
