import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { formatIssue } from './issues.js';
import { loadConfig, loadConfigOrThrow, parseConfigText, resolveConfigPath } from './load.js';
import { SECRET_ACCESS_KEY } from './test-fixtures.js';

const ROLE_YAML = `vault:
  authType: role-based
  region: us-east-2
  iamRole: arn:aws:iam::111122223333:role/agent
connections:
  orders-db:
    user: { secret: "prod/orders/db:username" }
`;

describe('parseConfigText positions', () => {
  it.each([
    ['a bad value', ROLE_YAML.replace('us-east-2', 'US East (Ohio)'), 'vault.region', 3, 11],
    [
      'an unknown key (at the key)',
      ROLE_YAML.replace('  region', '  bogus: 1\n  region'),
      'vault.bogus',
      3,
      3,
    ],
    [
      'a missing key (at its parent)',
      ROLE_YAML.replace('  iamRole: arn:aws:iam::111122223333:role/agent\n', ''),
      'vault.iamRole',
      2,
      3,
    ],
    [
      'a bad reference in a flow mapping',
      ROLE_YAML.replace('prod/orders/db:username', 'prod orders'),
      'connections.orders-db.user.secret',
      7,
      21,
    ],
    [
      'a cross-field rule',
      ROLE_YAML.replace(
        'prod/orders/db:username',
        'arn:aws:secretsmanager:us-west-2:111122223333:secret:x-AbCdEf',
      ),
      'connections.orders-db.user.secret',
      7,
      21,
    ],
  ])('%s', (_label, text, path, line, column) => {
    const result = parseConfigText(text, { filePath: 'vaultline.yaml' });
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result)).toMatchObject({ line, column });
  });

  it('formats issues as file:line:col path: message', () => {
    const result = parseConfigText(ROLE_YAML.replace('us-east-2', 'Ohio'), {
      filePath: 'vaultline.yaml',
    });
    const lines = result.ok
      ? []
      : result.issues.map((issue) => formatIssue(issue, result.filePath));
    expect(lines).toEqual([
      "vaultline.yaml:3:11 vault.region: 'Ohio' is not an AWS region code such as us-east-2: did you mean us-east-2?",
    ]);
  });

  it('places warnings too', () => {
    const text = ROLE_YAML.replace(
      '  region: us-east-2\n',
      '  region: us-east-2\n  stsEndpointRegion: us-east-1\n',
    );
    const result = parseConfigText(text, { filePath: 'v.yaml' });
    expect(result.ok && result.warnings).toEqual([
      {
        path: 'vault.stsEndpointRegion',
        message: expect.stringContaining('stsEndpoint is not'),
        line: 4,
        column: 22,
      },
    ]);
  });

  it('reads JSON, with positions', () => {
    const json =
      '{\n  "vault": {\n    "authType": "default-chain",\n    "region": "Ohio"\n  }\n}\n';
    const result = parseConfigText(json, { filePath: 'vaultline.json' });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'vault.region',
        message: expect.stringContaining('did you mean us-east-2?'),
        line: 4,
        column: 15,
      },
    ]);
  });

  it('reads tab-indented JSON', () => {
    const json =
      '{\n\t"vault": {\n\t\t"authType": "default-chain",\n\t\t"region": "us-east-2"\n\t}\n}\n';
    expect(parseConfigText(json, { filePath: 'vaultline.json' }).ok).toBe(true);
  });

  it.each([
    ['unclosed flow sequence', 'vault:\n  authType: [\n', 'invalid YAML'],
    [
      'a duplicate key',
      'vault:\n  region: us-east-2\n  region: us-east-1\n',
      'Map keys must be unique',
    ],
    ['bad JSON', '{ "vault": { "region": "us-east-2", } ', 'invalid JSON'],
    ['tab indentation in YAML', 'vault:\n\tregion: us-east-2\n', 'invalid YAML'],
    ['two documents', 'vault: {}\n---\nvault: {}\n', 'invalid YAML'],
  ])('syntax error: %s', (_label, text, message) => {
    const filePath = message === 'invalid JSON' ? 'vaultline.json' : 'vaultline.yaml';
    const result = parseConfigText(text, { filePath });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('CONFIG_SYNTAX');
    expect(result.issues[0]?.message).toContain(message);
    expect(result.issues[0]?.line).toBeGreaterThan(0);
  });

  it('an empty file asks for a vault section', () => {
    const result = parseConfigText('', { filePath: 'vaultline.yaml' });
    expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('must be a mapping'),
    ]);
  });

  it('issues caused by the environment have no position', () => {
    const result = parseConfigText(ROLE_YAML, {
      filePath: 'v.yaml',
      env: { VAULTLINE_REGION: 'Ohio' },
    });
    expect(result.ok ? [] : result.issues).toEqual([
      { path: 'vault.region', message: expect.stringContaining('(from VAULTLINE_REGION)') },
    ]);
  });

  it('never puts the secret access key in a syntax error', () => {
    const text = `vault:\n  authType: access-key\n  secretAccessKey: ${SECRET_ACCESS_KEY}: [\n`;
    const result = parseConfigText(text, { filePath: 'v.yaml' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(SECRET_ACCESS_KEY);
  });
});

describe('loadConfig', () => {
  it('loads a file and reads process.env by default', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    await writeFile(file, ROLE_YAML);
    process.env.VAULTLINE_CACHE_TTL_SECONDS = '42';
    try {
      const result = await loadConfig(file);
      expect(result.ok && result.config.vault.cache.ttlSeconds).toBe(42);
      const isolated = await loadConfig(file, { env: {} });
      expect(isolated.ok && isolated.config.vault.cache.ttlSeconds).toBe(300);
    } finally {
      delete process.env.VAULTLINE_CACHE_TTL_SECONDS;
    }
  });

  it.each([
    ['a missing file', 'CONFIG_NOT_FOUND', 'no config file at'],
    ['a directory', 'CONFIG_UNREADABLE', 'is a directory'],
  ])('%s → %s', async (label, code, message) => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    if (label === 'a directory') await mkdir(file);
    const result = await loadConfig(file, { env: {} });
    expect(result).toMatchObject({
      ok: false,
      code,
      issues: [{ path: '', message: expect.stringContaining(message) }],
    });
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a world-readable secret access key file and warns about a group-readable one',
    async () => {
      await using dir = await createTempDir();
      const file = join(dir.path, 'vaultline.yaml');
      await writeFile(
        file,
        `vault:\n  authType: access-key\n  region: us-east-2\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n  secretAccessKey: ${SECRET_ACCESS_KEY}\n`,
      );
      await chmod(file, 0o644);
      const everyone = await loadConfig(file, { env: {} });
      expect(everyone).toMatchObject({
        ok: false,
        code: 'CONFIG_INVALID',
        issues: [
          expect.objectContaining({
            path: 'vault.secretAccessKey',
            line: 5,
            message: expect.stringContaining('which every user can read (mode 644)'),
          }),
        ],
      });
      expect(JSON.stringify(everyone)).not.toContain(SECRET_ACCESS_KEY);
      await chmod(file, 0o640);
      const readable = await loadConfig(file, { env: {} });
      expect(readable.ok && readable.warnings).toEqual([
        expect.objectContaining({
          path: 'vault.secretAccessKey',
          line: 5,
          message: expect.stringContaining('mode 640'),
        }),
      ]);
      expect(JSON.stringify(readable.ok && readable.warnings)).not.toContain(SECRET_ACCESS_KEY);
      await chmod(file, 0o600);
      const privateFile = await loadConfig(file, { env: {} });
      expect(privateFile.ok && privateFile.warnings).toEqual([]);
    },
  );
});

describe('loadConfig without a path', () => {
  it('loads vaultline.yaml from the working directory', async () => {
    await using dir = await createTempDir();
    await writeFile(join(dir.path, 'vaultline.yaml'), ROLE_YAML);
    const result = await loadConfig(undefined, { env: {}, cwd: dir.path });
    expect(result).toMatchObject({ ok: true, filePath: join(dir.path, 'vaultline.yaml') });
  });

  it('loads the file VAULTLINE_CONFIG names', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'elsewhere.yaml');
    await writeFile(file, ROLE_YAML);
    const result = await loadConfig(undefined, { env: { VAULTLINE_CONFIG: file }, cwd: '/' });
    expect(result).toMatchObject({ ok: true, filePath: file });
  });

  it('says where it looked and what to do when there is no file', async () => {
    await using dir = await createTempDir();
    const result = await loadConfig(undefined, { env: {}, cwd: dir.path });
    expect(result).toMatchObject({ ok: false, code: 'CONFIG_NOT_FOUND' });
    const [issue] = result.ok ? [] : result.issues;
    expect(issue?.message).toBe(
      `no config file at ${join(dir.path, 'vaultline.yaml')} (looked for vaultline.yaml, vaultline.yml, vaultline.json in ${dir.path}): create vaultline.yaml there, set VAULTLINE_CONFIG, or pass the file's path`,
    );
  });

  it('names VAULTLINE_CONFIG when the file it names is missing', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'missing.yaml');
    const result = await loadConfig(undefined, { env: { VAULTLINE_CONFIG: file } });
    expect(result.ok ? '' : result.issues[0]?.message).toBe(
      `no config file at ${file} (named by VAULTLINE_CONFIG): fix or unset VAULTLINE_CONFIG`,
    );
  });

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['number', 42],
  ])('refuses %s as a path with a message saying what to pass', async (got, path) => {
    const result = await loadConfig(path as unknown as string, { env: {} });
    expect(result).toMatchObject({
      ok: false,
      code: 'CONFIG_UNREADABLE',
      issues: [{ message: expect.stringContaining(`non-empty string, got ${got}: pass a path`) }],
    });
  });
});

describe('loadConfigOrThrow', () => {
  it('throws CONFIG_NOT_FOUND naming ./vaultline.yaml when called without a path in an empty directory', async () => {
    await using dir = await createTempDir();
    const error = await loadConfigOrThrow(undefined, { env: {}, cwd: dir.path }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'CONFIG_NOT_FOUND',
      filePath: join(dir.path, 'vaultline.yaml'),
    });
    expect((error as ConfigError).message).toContain('set VAULTLINE_CONFIG');
  });

  it('returns the config', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'v.yaml');
    await writeFile(file, ROLE_YAML);
    const loaded = await loadConfigOrThrow(file, { env: {} });
    expect(loaded.config.vault.authType).toBe('role-based');
  });

  it.each([
    ['missing', undefined, 'CONFIG_NOT_FOUND'],
    ['syntax', 'vault: [', 'CONFIG_SYNTAX'],
    ['invalid', 'vault: {}', 'CONFIG_INVALID'],
  ])('throws a ConfigError for a %s file', async (_label, text, code) => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'v.yaml');
    if (text !== undefined) await writeFile(file, text);
    const error = await loadConfigOrThrow(file, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code, name: 'ConfigError', filePath: file });
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).issues.length).toBeGreaterThan(0);
  });
});

describe('resolveConfigPath', () => {
  it.each([
    [
      'the flag first',
      { explicit: 'a.yaml', env: { VAULTLINE_CONFIG: 'b.yaml' } },
      'a.yaml',
      'flag',
    ],
    ['then VAULTLINE_CONFIG', { env: { VAULTLINE_CONFIG: 'b.yaml' } }, 'b.yaml', 'env'],
  ])('%s', async (_label, options, path, source) => {
    expect(await resolveConfigPath(options)).toEqual({ path, source });
  });

  it('then vaultline.yaml, vaultline.yml or vaultline.json in the working directory', async () => {
    await using dir = await createTempDir();
    expect(await resolveConfigPath({ env: {}, cwd: dir.path })).toEqual({
      path: join(dir.path, 'vaultline.yaml'),
      source: 'default',
    });
    await writeFile(join(dir.path, 'vaultline.json'), '{}');
    expect(await resolveConfigPath({ env: {}, cwd: dir.path })).toEqual({
      path: join(dir.path, 'vaultline.json'),
      source: 'default',
    });
    await writeFile(join(dir.path, 'vaultline.yml'), '');
    expect((await resolveConfigPath({ env: {}, cwd: dir.path })).path).toBe(
      join(dir.path, 'vaultline.yml'),
    );
  });
});
