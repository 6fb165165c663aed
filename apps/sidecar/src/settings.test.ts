import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { SidecarError } from './errors.js';
import { loadSidecarSettings } from './settings-sources.js';

describe('sidecar settings', () => {
  it("defaults to the agent's port, address, limits and token sources", () => {
    const { settings } = loadSidecarSettings({});
    expect(settings).toMatchObject({
      http_port: 2773,
      max_conn: 800,
      log_level: 'info',
      path_prefix: '/v1/',
      ssrf_headers: ['X-Aws-Parameters-Secrets-Token', 'X-Vault-Token'],
      ssrf_env_variables: ['AWS_TOKEN', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'],
      allow_non_loopback: false,
    });
    // Unset: 127.0.0.1 and ::1 (listen.ts).
    expect(settings.http_address).toBeUndefined();
    // Unset so the vaultline config's cache settings (default 300 s / 1000) apply.
    expect(settings.ttl_seconds).toBeUndefined();
    expect(settings.cache_size).toBeUndefined();
  });

  it("reads the agent's TOML file, quoted numbers and upper-case levels included", async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'config.toml');
    writeFileSync(
      file,
      [
        'log_level = "DEBUG"',
        'http_port = "2774"',
        'ttl_seconds = 60',
        "cache_size = '500'",
        'max_conn = 10',
        'ssrf_headers = ["X-Custom-Token"]',
        'ssrf_env_variables = ["MY_TOKEN"]',
        'path_prefix = "/other/"',
        'region = "us-west-2"',
        'ignore_transient_errors = false',
        'validate_credentials = false',
      ].join('\n'),
    );
    const { settings } = loadSidecarSettings({ argv: ['--config', file] });
    expect(settings).toMatchObject({
      log_level: 'debug',
      http_port: 2774,
      ttl_seconds: 60,
      cache_size: 500,
      max_conn: 10,
      ssrf_headers: ['X-Custom-Token'],
      ssrf_env_variables: ['MY_TOKEN'],
      path_prefix: '/other/',
      region: 'us-west-2',
      // ignore_transient_errors = false: never serve stale.
      max_staleness_seconds: 0,
    });
  });

  it('lets the environment override the file and flags override both', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'sidecar.yaml');
    writeFileSync(file, 'ttl_seconds: 10\nmax_conn: 5\nlog_level: warn\n');
    const { settings } = loadSidecarSettings({
      file,
      env: {
        VAULTLINE_SIDECAR_MAX_CONN: '6',
        SECRETS_MANAGER_TTL: '20',
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '3000',
      },
      argv: ['--max-conn', '7', '--prefetch', 'a', '--prefetch', 'b', '--no-tcp'],
    });
    expect(settings).toMatchObject({
      ttl_seconds: 20,
      max_conn: 7,
      http_port: 3000,
      log_level: 'warn',
    });
    expect(settings.prefetch.secrets).toEqual(['a', 'b']);
    expect(settings.listen_tcp).toBe(false);
  });

  it.each([
    [{ ttl_seconds: 3601 }, 'ttl_seconds'],
    [{ http_port: 80 }, 'http_port: must be 0 (any free port) or in the range 1024 to 65535'],
    [{ max_conn: 0 }, 'max_conn'],
    [{ max_conn: 1001 }, 'max_conn'],
    [{ log_level: 'trace' }, 'log_level'],
    [{ path_prefix: 'v1/' }, 'path_prefix: must begin with /'],
    [{ ssrf_headers: [] }, 'ssrf_headers'],
    [{ cache_size: 0 }, 'cache_size'],
    [{ bogus: 1 }, 'bogus'],
  ])('refuses %j, naming the setting and its source', (overrides, words) => {
    try {
      loadSidecarSettings({ overrides });
      expect.unreachable('settings should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(SidecarError);
      expect((error as SidecarError).code).toBe('INVALID_SETTINGS');
      expect((error as Error).message).toContain(words);
    }
  });

  it('says which flag or variable gave a bad value', () => {
    expect(() => loadSidecarSettings({ argv: ['--ttl-seconds', 'soon'] })).toThrow(
      /ttl_seconds: .*\(from flag --ttl-seconds\)/,
    );
    expect(() =>
      loadSidecarSettings({ env: { PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS: '5000' } }),
    ).toThrow(
      /aws_max_connections: .*environment variable PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS/,
    );
    expect(() => loadSidecarSettings({ argv: ['--nope'] })).toThrow(/--nope/);
  });

  it('names a missing or malformed settings file', async () => {
    expect(() => loadSidecarSettings({ file: '/nonexistent/sidecar.toml' })).toThrow(
      /cannot read the settings file \/nonexistent\/sidecar.toml: ENOENT/,
    );
    await using dir = await createTempDir();
    const file = join(dir.path, 'bad.toml');
    writeFileSync(file, 'http_port = = 1');
    expect(() => loadSidecarSettings({ file })).toThrow(/is not valid TOML/);
  });

  it.each([
    [
      [''],
      'tokens.0.secrets.0: an empty or blank prefix is not allowed (it would match every secret): write "*"',
    ],
    [['prod/', '  '], 'tokens.0.secrets.1: an empty or blank prefix'],
    [[' prod/'], "tokens.0.secrets.0: ' prod/' begins or ends with whitespace"],
  ])(
    'refuses the scope prefixes %j: an empty prefix would grant every secret',
    (secrets, words) => {
      const overrides = { tokens: [{ token: 'env:APP_TOKEN', secrets }] };
      expect(() => loadSidecarSettings({ overrides })).toThrow(words);
    },
  );

  it('refuses a blank connection name in a scope', () => {
    const overrides = { tokens: [{ token: 'env:APP_TOKEN', connections: [' '] }] };
    expect(() => loadSidecarSettings({ overrides })).toThrow(
      'tokens.0.connections.0: an empty or blank connection name is not allowed',
    );
  });

  describe('a settings file holding tokens', () => {
    const literal = 'token: 7f3e9a1c5b2d8064e1a3c5b7d9f0e2a4c6b8d0f1\n';
    const write = async (text: string, mode: number) => {
      const dir = await createTempDir();
      const file = join(dir.path, 'sidecar.yaml');
      writeFileSync(file, text);
      chmodSync(file, mode);
      return { dir, file };
    };
    const withToken = (token: string) =>
      `tokens:\n  - ${token.trimEnd()}\n    name: app1\n    secrets: [prod/app1/]\n`;

    it.each([
      [0o600, true],
      [0o640, true],
      [0o644, false],
      [0o604, false],
    ])('with a token value, mode %o is accepted: %s', async (mode, accepted) => {
      const { dir, file } = await write(withToken(literal), mode);
      await using _ = dir;
      const load = () => loadSidecarSettings({ file });
      if (accepted) expect(load).not.toThrow();
      else
        expect(load).toThrow(
          `the settings file ${file} holds tokens and every user can read it (mode ${mode.toString(8)})`,
        );
    });

    it('world-readable is accepted with allow_world_readable_token_files (file, env or flag)', async () => {
      const { dir, file } = await write(withToken(literal), 0o644);
      await using _ = dir;
      expect(() =>
        loadSidecarSettings({
          file,
          env: { VAULTLINE_SIDECAR_ALLOW_WORLD_READABLE_TOKEN_FILES: 'true' },
        }),
      ).not.toThrow();
      expect(() =>
        loadSidecarSettings({ argv: ['--config', file, '--allow-world-readable-token-files'] }),
      ).not.toThrow();
      writeFileSync(file, `allow_world_readable_token_files: true\n${withToken(literal)}`);
      expect(() => loadSidecarSettings({ file })).not.toThrow();
    });

    it('group- or world-writable is refused even with the opt-out, and even when tokens are files', async () => {
      for (const text of [withToken(literal), withToken('token: file:///run/vaultline/token')]) {
        const { dir, file } = await write(text, 0o664);
        await using _ = dir;
        expect(() =>
          loadSidecarSettings({ file, argv: ['--allow-world-readable-token-files'] }),
        ).toThrow(/holds tokens and group or others can write it \(mode 664\)/);
      }
    });

    it('a world-readable file whose tokens are files or variables is fine (a Kubernetes ConfigMap)', async () => {
      const { dir, file } = await write(
        withToken('token: file:///run/vaultline/token') +
          withToken('token: env:APP_TOKEN').replace('tokens:\n', ''),
        0o644,
      );
      await using _ = dir;
      expect(loadSidecarSettings({ file }).settings.tokens).toHaveLength(2);
    });
  });

  // The variables, ranges and defaults of AWS's page "Using Parameter Store parameters in AWS
  // Lambda functions", table "AWS Parameters and Secrets Lambda Extension environment
  // variables": https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html
  describe("the Lambda extension's environment variables", () => {
    it('reads SSM_PARAMETER_STORE_TTL and SECRETS_MANAGER_TTL (0 to 300 s), the cache switch and size', () => {
      const { settings } = loadSidecarSettings({
        env: {
          SSM_PARAMETER_STORE_TTL: '120',
          SECRETS_MANAGER_TTL: '300',
          PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'TRUE',
          PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '1000',
          PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: 'DEBUG',
          PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS: '3',
          PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
        },
      });
      expect(settings).toMatchObject({
        parameter_ttl_seconds: 120,
        ttl_seconds: 300,
        cache_enabled: true,
        cache_size: 1000,
        log_level: 'debug',
        aws_max_connections: 3,
        max_conn: 800,
        http_port: 2773,
      });
    });

    it('defaults: cache on, both TTLs left to the config (300 s by default)', () => {
      const { settings } = loadSidecarSettings({ env: {} });
      expect(settings.cache_enabled).toBe(true);
      expect(settings.parameter_ttl_seconds).toBeUndefined();
    });

    it('turns the cache off with CACHE_ENABLED=FALSE (any case) or CACHE_SIZE=0', () => {
      const off = (env: NodeJS.ProcessEnv) => loadSidecarSettings({ env }).settings.cache_enabled;
      expect(off({ PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'FALSE' })).toBe(false);
      expect(off({ PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'false' })).toBe(false);
      expect(off({ PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '0' })).toBe(false);
      // A size of 0 wins over CACHE_ENABLED=TRUE: "A value of 0 (zero) indicates that the
      // cache is bypassed."
      expect(
        off({
          PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '0',
          PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'TRUE',
        }),
      ).toBe(false);
    });

    it.each([
      ['SSM_PARAMETER_STORE_TTL', '301', 'from 0 to 300 seconds'],
      ['SSM_PARAMETER_STORE_TTL', '-1', 'from 0 to 300 seconds'],
      ['SSM_PARAMETER_STORE_TTL', '5m', 'from 0 to 300 seconds'],
      ['SECRETS_MANAGER_TTL', '3600', 'from 0 to 300 seconds'],
      ['PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE', '1001', 'from 0 to 1000 items'],
      ['PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED', 'yes', 'is not TRUE or FALSE'],
    ])('refuses %s=%s, naming the variable and the range', (name, value, range) => {
      const load = () => loadSidecarSettings({ env: { [name]: value } });
      expect(load).toThrow(SidecarError);
      expect(load).toThrow(new RegExp(`${name}: '${value}' .*${range}`));
    });

    it('the settings file and flags keep their wider range (ttl up to 3600 s)', () => {
      const { settings } = loadSidecarSettings({
        argv: ['--parameter-ttl-seconds', '900', '--cache-enabled', 'false'],
      });
      expect(settings).toMatchObject({ parameter_ttl_seconds: 900, cache_enabled: false });
    });
  });
});
