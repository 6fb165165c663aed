import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { SidecarError } from './errors.js';
import { loadSidecarSettings } from './settings-sources.js';

// The agent v3's configuration, from aws/aws-workload-credentials-provider at d47a49d:
// README.md:686-739 (every key of the layout), types.rs:287-392 (ConfigInput and its tables,
// all deny_unknown_fields), validator.rs (ranges: 258-404 nested, 495-639 flat; 155-233 a
// flat key beside the nested sections refused), error_messages.rs (the ranges' wording).
// C = aws_workload_credentials_provider_common/src/config.

const load = async (toml: string) => {
  await using dir = await createTempDir();
  const file = join(dir.path, 'config.toml');
  writeFileSync(file, toml, { mode: 0o600 });
  return loadSidecarSettings({ argv: ['-c', file] }).settings;
};

const refusal = async (toml: string): Promise<string> => {
  try {
    await load(toml);
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    expect((error as SidecarError).code).toBe('INVALID_SETTINGS');
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
};

// README.md:699-739: every key of [capabilities.secrets_manager] and its tables, and
// README.md:690-694 [logging]; -c is the agent's short --config (cli.rs:62-64).
const EVERY_KEY = `
[logging]
log_level = "DEBUG"
log_to_file = false

[capabilities.secrets_manager]
enabled = true
http_port = 2774
region = "us-east-1"
path_prefix = "/v2/"
max_conn = 10
max_roles = 5
ignore_transient_errors = false
validate_credentials = false
credentials_file_path = "/var/run/creds"

[capabilities.secrets_manager.cache]
ttl_seconds = 60
cache_size = 500

[capabilities.secrets_manager.security]
ssrf_headers = ["X-Custom-Token"]
ssrf_env_variables = ["MY_TOKEN"]

[capabilities.secrets_manager.prefetch]
cache_buffer_ratio = 0.5
max_jitter_seconds = 5
secrets = [
  { secret_id = "arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-AbCdEf" },
  { secret_id = "cross-account-secret", role_arn = "arn:aws:iam::987654321098:role/SecretAccessRole" },
]
filter_tags = [
  { key = "Environment" },
  { key = "Team", role_arn = "arn:aws:iam::987654321098:role/SecretAccessRole" },
]

[capabilities.acm]
enabled = false
`;

describe("the agent v3's settings file", () => {
  it('reads every key of the nested layout, with -c', async () => {
    const settings = await load(EVERY_KEY);
    expect(settings).toMatchObject({
      log_level: 'debug',
      log_to_file: false,
      http_port: 2774,
      region: 'us-east-1',
      path_prefix: '/v2/',
      max_conn: 10,
      max_roles: 5,
      ignore_transient_errors: false,
      // ignore_transient_errors = false: never serve stale.
      max_staleness_seconds: 0,
      validate_credentials: false,
      credentials_file_path: '/var/run/creds',
      ttl_seconds: 60,
      cache_size: 500,
      ssrf_headers: ['X-Custom-Token'],
      ssrf_env_variables: ['MY_TOKEN'],
      prefetch: {
        cache_buffer_ratio: 0.5,
        max_jitter_seconds: 5,
        secrets: [
          { secret_id: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-AbCdEf' },
          {
            secret_id: 'cross-account-secret',
            role_arn: 'arn:aws:iam::987654321098:role/SecretAccessRole',
          },
        ],
        filter_tags: [
          { key: 'Environment' },
          { key: 'Team', role_arn: 'arn:aws:iam::987654321098:role/SecretAccessRole' },
        ],
      },
    });
  });

  it('reads the array-of-tables prefetch form (README.md:592-629)', async () => {
    const settings = await load(`
[capabilities.secrets_manager]
region = "us-east-1"

[[capabilities.secrets_manager.prefetch.secrets]]
secret_id = "app/db"

[[capabilities.secrets_manager.prefetch.filter_tags]]
key = "Team"
role_arn = "arn:aws:iam::987654321098:role/TagRole"
`);
    expect(settings.prefetch.secrets).toEqual([{ secret_id: 'app/db' }]);
    expect(settings.prefetch.filter_tags).toEqual([
      { key: 'Team', role_arn: 'arn:aws:iam::987654321098:role/TagRole' },
    ]);
    // C/types.rs:186-193: the defaults.
    expect(settings.prefetch).toMatchObject({ cache_buffer_ratio: 0.8, max_jitter_seconds: 0 });
    expect(settings.max_roles).toBe(20);
  });

  it('still reads the flat layout, credentials_file_path and prefetch included', async () => {
    const settings = await load(`
http_port = "2775"
ttl_seconds = 30
max_roles = 3
credentials_file_path = "/var/run/creds"
[prefetch]
secrets = [{ secret_id = "app/db" }]
`);
    expect(settings).toMatchObject({ http_port: 2775, ttl_seconds: 30, max_roles: 3 });
    expect(settings.credentials_file_path).toBe('/var/run/creds');
  });

  // C/validator.rs:155-233: a flat key with nested sections, named with where it goes.
  it('refuses a flat key beside the nested sections, naming its place', async () => {
    const message = await refusal('ttl_seconds = 60\n[logging]\nlog_level = "info"\n');
    expect(message).toContain(
      "ttl_seconds: a flat key can't be used with the nested sections ('logging' or 'capabilities'): use 'capabilities.secrets_manager.cache.ttl_seconds' instead",
    );
  });

  // C/types.rs: every table is deny_unknown_fields.
  it.each([
    ['[capabilities.secrets_manager]\nttl = 5\n', 'capabilities.secrets_manager.ttl: unknown key'],
    ['[capabilities.secrets_manager.cache]\nsize = 5\n', 'capabilities.secrets_manager.cache.size'],
    ['[logging]\nlevel = "info"\n', 'logging.level: unknown key'],
    ['[capabilities.other]\nx = 1\n', 'capabilities.other: unknown key'],
    ['[capabilities.secrets_manager.prefetch]\nratio = 1\n', 'Unrecognized key: "ratio"'],
    ['ttl = 5\n', 'ttl'],
  ])('refuses an unknown key: %s', async (toml, words) => {
    expect(await refusal(toml)).toContain(words);
  });

  // C/validator.rs and error_messages.rs: the agent's ranges.
  it.each([
    ['[capabilities.secrets_manager]\nhttp_port = 80\n', 'http_port'],
    ['[capabilities.secrets_manager]\nmax_conn = 1001\n', 'max_conn'],
    ['[capabilities.secrets_manager]\nmax_roles = 21\n', 'max_roles'],
    ['[capabilities.secrets_manager]\nmax_roles = 0\n', 'max_roles'],
    ['[capabilities.secrets_manager.cache]\nttl_seconds = 3601\n', 'ttl_seconds'],
    ['[capabilities.secrets_manager.cache]\ncache_size = 0\n', 'cache_size'],
    ['[capabilities.secrets_manager.prefetch]\ncache_buffer_ratio = 0.05\n', 'cache_buffer_ratio'],
    ['[capabilities.secrets_manager.prefetch]\ncache_buffer_ratio = 1.5\n', 'cache_buffer_ratio'],
    ['[capabilities.secrets_manager.prefetch]\nmax_jitter_seconds = 11\n', 'max_jitter_seconds'],
    ['[capabilities.secrets_manager.security]\nssrf_headers = []\n', 'ssrf_headers'],
    ['[capabilities.secrets_manager]\npath_prefix = "v1/"\n', 'path_prefix'],
    ['[logging]\nlog_level = "LOUD"\n', 'log_level'],
    [
      '[[capabilities.secrets_manager.prefetch.secrets]]\nsecret_id = "x"\nrole_arn = "arn:aws:iam::1:user/u"\n',
      'prefetch.secrets.0',
    ],
    ['max_roles = 25\n', 'max_roles'],
  ])('refuses a value outside its range: %s', async (toml, words) => {
    expect(await refusal(toml)).toContain(words);
  });

  it('refuses what the sidecar cannot do: ACM certificates, Secrets Manager disabled', async () => {
    expect(await refusal('[capabilities.acm]\nenabled = true\n')).toContain(
      'capabilities.acm.enabled',
    );
    expect(await refusal('[capabilities.secrets_manager]\nenabled = false\n')).toContain(
      'capabilities.secrets_manager.enabled',
    );
  });
});
