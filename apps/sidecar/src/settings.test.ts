import { writeFileSync } from 'node:fs';
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
      http_address: '127.0.0.1',
      max_conn: 800,
      log_level: 'info',
      path_prefix: '/v1/',
      ssrf_headers: ['X-Aws-Parameters-Secrets-Token', 'X-Vault-Token'],
      ssrf_env_variables: ['AWS_TOKEN', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'],
      allow_non_loopback: false,
    });
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
    ).toThrow(/max_conn: .*environment variable PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS/);
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
});
