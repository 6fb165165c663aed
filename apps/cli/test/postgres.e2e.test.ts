import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  createTempDir,
  postgresAvailability,
  startTestEmulator,
  startTestPostgres,
  type TestEmulator,
} from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers.js';
import { startVaultline, vaultlineAsync } from './spawn.js';

// Outside CI a machine without PostgreSQL skips this, saying why; under CI (.ci/run installs
// the apt package postgresql) postgresAvailability throws: a failure, not a silent skip.
const pg = postgresAvailability();

const REGION = 'us-east-2';
const ACCOUNT = '111122223333';
const BEFORE = 'canary-4c1d9a0b7e25';
const AFTER = 'canary-8e27b3f1a6d0';
const TOKEN = 'postgres-rotation-test-token-0123456789';
// The application's reader `app` and the rotation function's identity `rotator`; the secret's
// value, and the one its rotation makes, are BEFORE and AFTER.
const SCENARIO = join(EXAMPLES, 'scenarios', 'postgres-rotation.yaml');

async function writeConfig(dir: string, emu: TestEmulator, port: number): Promise<string> {
  const { accessKeyId, secretAccessKey } = await emu.credentialsOf('app');
  const file = join(dir, 'vaultline.yaml');
  await writeFile(
    file,
    `vault:
  authType: access-key
  region: ${REGION}
  endpoint: ${emu.url}
  accessKeyId: ${accessKeyId}
  secretAccessKey: ${secretAccessKey}
connections:
  db:
    host: 127.0.0.1
    port: "${port}"
    user: orders_app
    database: orders
    password: { secret: "prod/orders-db:password" }
    env: { PGHOST: host, PGPORT: port, PGUSER: user, PGPASSWORD: password, PGDATABASE: database }
`,
    { mode: 0o600 },
  );
  return file;
}

/** What the rotation function does: a new version in Secrets Manager, then the database's. */
async function rotate(
  emu: TestEmulator,
  database: { sql(text: string): Promise<{ status: number; stderr: string }> },
) {
  const client = new SecretsManagerClient({
    endpoint: emu.url,
    region: REGION,
    credentials: await emu.credentialsOf('rotator'),
  });
  try {
    await client.send(
      new RotateSecretCommand({
        SecretId: 'prod/orders-db',
        RotationLambdaARN: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate-orders-db`,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const current = await client.send(new GetSecretValueCommand({ SecretId: 'prod/orders-db' }));
    const { password } = JSON.parse(current.SecretString ?? '{}') as { password: string };
    const altered = await database.sql(`ALTER ROLE orders_app PASSWORD '${password}';`);
    expect(altered.status, altered.stderr).toBe(0);
    return password;
  } finally {
    client.destroy();
  }
}

describe('a real PostgreSQL, end to end', () => {
  it.skipIf(!pg.available)(
    `exec logs in with the connection's values; after a rotation the old password fails, the sidecar's refreshNow and a new exec log in${pg.reason ? ` (skipped: ${pg.reason})` : ''}`,
    async () => {
      await using database = await startTestPostgres(pg.bin ?? '');
      await using emu = await startTestEmulator({ scenario: SCENARIO });
      await using dir = await createTempDir();
      const created = await database.sql(
        `CREATE ROLE orders_app LOGIN PASSWORD '${BEFORE}';\nCREATE DATABASE orders OWNER orders_app;\n`,
      );
      expect(created.status, created.stderr).toBe(0);
      const config = await writeConfig(dir.path, emu, database.port);
      const env = { PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}`, HOME: dir.path };
      const psqlThroughExec = () =>
        vaultlineAsync(
          [
            '--config',
            config,
            'exec',
            '--connection',
            'db',
            '--',
            'psql',
            '-X',
            '-c',
            'select current_user',
          ],
          { cwd: dir.path, env },
        );

      const first = await psqlThroughExec();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^\s*orders_app\s*$/m);

      // The sidecar, started before the rotation, caches the connection with the old password.
      await writeFile(join(dir.path, 'sidecar.toml'), 'http_port = 0\n');
      const sidecar = startVaultline(
        ['sidecar', '--config', 'sidecar.toml', '--vaultline-config', config],
        { cwd: dir.path, env: { ...env, AWS_TOKEN: TOKEN } },
      );
      try {
        const [, url] = await sidecar.waitFor(/"url":"(http:[^"]+)"/);
        const connection = async (query: string) => {
          const response = await fetch(`${url}/v1/connections/db${query}`, {
            headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
          });
          expect(response.status, await response.clone().text()).toBe(200);
          return ((await response.json()) as { values: { password: string } }).values;
        };
        expect((await connection('')).password).toBe(BEFORE);

        const rotated = await rotate(emu, database);
        expect(rotated).toBe(AFTER);
        const old = await database.login('orders_app', BEFORE, 'orders', 'select current_user');
        expect(old.status).not.toBe(0);
        expect(old.stderr).toContain('password authentication failed for user "orders_app"');

        // Without refreshNow the cached value is still the old one; with it, the new one.
        expect((await connection('')).password).toBe(BEFORE);
        const refreshed = await connection('?refreshNow=true');
        expect(refreshed.password).toBe(AFTER);
        const login = await database.login(
          'orders_app',
          refreshed.password,
          'orders',
          'select current_user',
        );
        expect(login.status, login.stderr).toBe(0);
        expect(login.stdout.trim()).toBe('orders_app');
      } finally {
        sidecar.child.kill('SIGTERM');
        const stopped = await sidecar.done;
        expect(stopped.stdout + stopped.stderr).not.toContain(BEFORE);
        expect(stopped.stdout + stopped.stderr).not.toContain(AFTER);
      }

      const after = await psqlThroughExec();
      expect(after.status, after.stderr).toBe(0);
      expect(after.stdout).toMatch(/^\s*orders_app\s*$/m);
      for (const run of [first, after]) {
        expect(run.stdout + run.stderr).not.toContain(BEFORE);
        expect(run.stdout + run.stderr).not.toContain(AFTER);
      }
    },
    120_000,
  );
});
