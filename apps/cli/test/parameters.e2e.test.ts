// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ssm:...} is the placeholder syntax under test
/**
 * `get`, `describe`, `list`, `resolve`, `exec` and `doctor` with Parameter Store references,
 * against the emulator over real HTTP on examples/scenarios/parameters.yaml: values and
 * selectors, errors and exit codes, a mixed connection in one GetParameters call, masking of
 * SecureString values (and not of plain ones) with canaries.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers.js';
import { vaultlineAsync, writeEmulatorConfig } from './spawn.js';

// The scenario's SecureString and secret values, each a unique canary.
const DB_PASSWORD = 'canary-9d2f6a1c8e3b';
const API_KEY = 'canary-c7e1b5d3a904';
const SECRET_PASSWORD = 'canary-4b1e7c9a2d06';
// The items of a SecureString the connection reads `as: list`.
const REPLICA_PASSWORDS = ['canary-3a7f1d9c5e20', 'canary-8e4b2c6f0a17'];
const CANARIES = [DB_PASSWORD, API_KEY, SECRET_PASSWORD, ...REPLICA_PASSWORDS];
const SHARED = 'arn:aws:ssm:us-east-2:222222222222:parameter/shared/orders/endpoint';

const CONNECTIONS = `  orders:
    host: { parameter: /prod/orders/db/host }
    port: { parameter: "/prod/orders/db/port" }
    url: "postgres://orders:\${ssm:/prod/orders/db/password}@\${ssm:/prod/orders/db/host:live}/orders"
    hosts: { parameter: /prod/orders/allowed-hosts, as: list }
    hostsText: { parameter: /prod/orders/allowed-hosts }
    password: { parameter: /prod/orders/db/password }
    replicaPasswords: { parameter: /prod/orders/db/replica-passwords, as: list }
    apiKey: { parameter: /prod/orders/api-key }
    endpoint: { parameter: "${SHARED}" }
    dbPassword: { secret: "prod/orders/db:password" }`;

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;
const configs: Record<string, string> = {};

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: join(EXAMPLES, 'scenarios', 'parameters.yaml') });
  dir = await createTempDir();
  for (const user of ['orders-app', 'developer', 'no-kms']) {
    configs[user] = await writeEmulatorConfig(dir.path, emu, {
      user,
      name: `${user}.yaml`,
      connections: CONNECTIONS,
    });
  }
});
afterAll(async () => {
  await emu?.close();
  await dir?.[Symbol.asyncDispose]();
});

const cli = (args: string[], user = 'orders-app') =>
  vaultlineAsync(['--config', configs[user]!, ...args], { cwd: dir.path });

/** A failure: the exit code, one error line, one hint line, no stack, no canary. */
function expectFailure(
  run: { status: number | null; stdout: string; stderr: string },
  status: number,
  message: RegExp,
) {
  expect(run.status, run.stderr).toBe(status);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^vaultline: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^hint: /);
  expect(lines.length).toBe(2);
  for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
}

describe('vaultline get ssm:...', () => {
  it('prints a value; a version or a label selects an older one', async () => {
    expect(await cli(['get', 'ssm:/prod/orders/db/host'])).toMatchObject({
      status: 0,
      stdout: 'db.orders.internal\n',
      stderr: '',
    });
    expect((await cli(['get', 'ssm:/prod/orders/db/host:previous'])).stdout).toBe(
      'old-db.orders.internal\n',
    );
    expect((await cli(['get', '--parameter', '/prod/orders/db/host:1'])).stdout).toBe(
      'old-db.orders.internal\n',
    );
    expect((await cli(['get', 'ssm:/prod/orders/allowed-hosts'])).stdout).toBe(
      'a.example.com,b.example.com\n',
    );
    expect((await cli(['get', SHARED])).stdout).toBe('https://orders.shared.example.com\n');
  });

  it('a SecureString is decrypted, on stdout only', async () => {
    expect(await cli(['get', 'ssm:/prod/orders/api-key'])).toMatchObject({
      status: 0,
      stdout: `${API_KEY}\n`,
      stderr: '',
    });
  });

  it('--json gives GetParameter fields', async () => {
    const run = await cli(['--json', 'get', 'ssm:/prod/orders/db/host:live']);
    expect(JSON.parse(run.stdout)).toMatchObject({
      name: '/prod/orders/db/host',
      arn: 'arn:aws:ssm:us-east-2:111111111111:parameter/prod/orders/db/host',
      type: 'String',
      version: 2,
      selector: ':live',
      dataType: 'text',
      value: 'db.orders.internal',
    });
    const list = JSON.parse(
      (await cli(['--json', 'get', 'ssm:/prod/orders/allowed-hosts'])).stdout,
    );
    expect(list).toMatchObject({ type: 'StringList', values: ['a.example.com', 'b.example.com'] });
  });

  it('not found exits 4; a missing version exits 4', async () => {
    expectFailure(await cli(['get', 'ssm:/prod/orders/db/nope']), 4, /\/prod\/orders\/db\/nope/);
    expectFailure(await cli(['get', 'ssm:/prod/orders/db/host:9']), 4, /\/prod\/orders\/db\/host/);
  });

  it('a malformed reference exits 2 before any AWS call, with the accepted shape', async () => {
    await emu.control.resetCounters();
    const run = await cli(['get', 'ssm:/prod/orders db']);
    expectFailure(run, 2, /not a valid parameter name/);
    expect(run.stderr).toContain('ssm:<name or ARN>[:<version>|:<label>]');
    expectFailure(await cli(['get', 'ssm:/prod/x:aws-live']), 2, /can't begin with "aws"/);
    expectFailure(
      await cli(['get', 'ssm:/prod/orders/db/host', '--version-stage', 'AWSPREVIOUS']),
      2,
      /--version-stage selects a secret's version/,
    );
    expect(await emu.control.counters()).toEqual({});
  });

  it("another account's shared parameter named by name: the hint says to use its full ARN, which reads it", async () => {
    // A name means the signed-in account's parameter, so AWS refuses it there; an Allow on
    // that name alone would not fix it.
    const run = await cli(['get', 'ssm:/shared/orders/endpoint']);
    expectFailure(run, 3, /\/shared\/orders\/endpoint/);
    expect(run.stderr).toMatch(/^hint: .*reference it by its full ARN/m);
    const byArn = await cli(['get', `ssm:${SHARED}`]);
    expect(byArn.status, byArn.stderr).toBe(0);
    // A reference that is an ARN already is not told to become one.
    const missing = await cli(['get', `ssm:${SHARED.replace('endpoint', 'nope')}`]);
    expect(missing.stderr).not.toContain('reference it by its full ARN');
  });

  it('kms:Decrypt refused exits 3 with the resolver hint; the value never shows', async () => {
    const run = await cli(['get', 'ssm:/prod/orders/api-key'], 'no-kms');
    expectFailure(run, 3, /api-key/);
  });
});

describe('vaultline describe and list with parameters', () => {
  it('describe shows type, version and key, never the value', async () => {
    const run = await cli(['describe', 'ssm:/prod/orders/api-key'], 'developer');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^name\s+\/prod\/orders\/api-key$/m);
    expect(run.stdout).toMatch(/^type\s+SecureString$/m);
    expect(run.stdout).toMatch(/^kms key\s+alias\/orders-parameters$/m);
    expect(run.stdout).toMatch(/^tier\s+Standard$/m);
    const json = JSON.parse(
      (await cli(['--json', 'describe', 'ssm:/prod/orders/db/password'], 'developer')).stdout,
    );
    expect(json).toMatchObject({ type: 'SecureString', version: 1, keyId: 'alias/aws/ssm' });
    expect(run.stdout + JSON.stringify(json)).not.toMatch(/canary-/);
  });

  it("describe of another account's shared parameter says where its details are", async () => {
    const run = await cli(['describe', SHARED], 'developer');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^arn\s+arn:aws:ssm:us-east-2:222222222222:parameter\/shared/m);
    expect(run.stderr).toMatch(/described in that account/);
  });

  it('describe without ssm:DescribeParameters shows the rest and says what is missing', async () => {
    const run = await cli(['describe', 'ssm:/prod/orders/db/password']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^type\s+SecureString$/m);
    expect(run.stderr).toMatch(
      /^warning: key, tier and description not shown: .*DescribeParameters/,
    );
    for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
  });

  it('list --path: one level, or every level with --recursive; names, never values', async () => {
    const names = (stdout: string) =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0]);
    const one = await cli(['list', '--path', '/prod/orders'], 'developer');
    expect(one.status, one.stderr).toBe(0);
    expect(names(one.stdout).sort()).toEqual([
      '/prod/orders/allowed-hosts',
      '/prod/orders/api-key',
    ]);
    const all = await cli(['list', '--path', '/prod/orders', '--recursive'], 'developer');
    expect(names(all.stdout)).toContain('/prod/orders/feature/flags/beta');
    expect(names(all.stdout)).toContain('/prod/orders/db/password');
    const secure = await cli(
      ['--json', 'list', '--parameter', '--filter', 'type=SecureString'],
      'developer',
    );
    expect(
      JSON.parse(secure.stdout)
        .map((row: { name: string }) => row.name)
        .sort(),
    ).toEqual([
      '/prod/orders/api-key',
      '/prod/orders/db/password',
      '/prod/orders/db/replica-passwords',
    ]);
    for (const canary of CANARIES)
      expect(one.stdout + all.stdout + secure.stdout).not.toContain(canary);
  });

  it('list reads every page of DescribeParameters', async () => {
    const client = new SSMClient({
      region: 'us-east-2',
      endpoint: emu.url,
      credentials: await emu.credentialsOf('developer'),
    });
    try {
      for (let i = 0; i < 57; i += 1) {
        await client.send(
          new PutParameterCommand({ Name: `/bulk/p${i}`, Value: `v${i}`, Type: 'String' }),
        );
      }
    } finally {
      client.destroy();
    }
    await emu.control.resetCounters();
    const run = await cli(['--json', 'list', '--path', '/bulk'], 'developer');
    expect(JSON.parse(run.stdout)).toHaveLength(57);
    expect((await emu.control.counters())['ssm:DescribeParameters']).toBe(2);
  });

  it('list without ssm:DescribeParameters exits 3, in Parameter Store words', async () => {
    const run = await cli(['list', '--path', '/prod/orders']);
    expectFailure(run, 3, /Parameter Store refused the request \(DescribeParameters/);
    expect(run.stderr).not.toMatch(/secret/);
  });

  it('bad list options exit 2', async () => {
    expectFailure(await cli(['list', '--recursive']), 2, /--recursive needs --path/);
    expectFailure(await cli(['list', '--path', 'prod']), 2, /a path begins with \//);
    expectFailure(await cli(['list', '--parameter', '--filter', 'tier=x']), 2, /--filter expects/);
  });
});

describe('vaultline resolve and exec: a mixed connection', () => {
  it('resolves parameters and a secret with one GetParameters call, cold', async () => {
    await emu.control.resetCounters();
    const run = await cli(['resolve', 'orders', '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      host: 'db.orders.internal',
      port: '5432',
      url: `postgres://orders:${DB_PASSWORD}@db.orders.internal/orders`,
      hosts: ['a.example.com', 'b.example.com'],
      hostsText: 'a.example.com,b.example.com',
      password: DB_PASSWORD,
      replicaPasswords: REPLICA_PASSWORDS,
      apiKey: API_KEY,
      endpoint: 'https://orders.shared.example.com',
      dbPassword: SECRET_PASSWORD,
    });
    const counters = await emu.control.counters();
    expect(counters['ssm:GetParameters']).toBe(1);
    const secretCalls =
      (counters['secretsmanager:BatchGetSecretValue'] ?? 0) +
      (counters['secretsmanager:GetSecretValue'] ?? 0);
    expect(secretCalls).toBe(1);
    const env = await cli(['resolve', 'orders', '--format', 'env']);
    expect(env.stdout).toContain("export HOSTS='a.example.com,b.example.com'\n");
  });

  it('exec masks SecureString values and secrets, never a plain String parameter', async () => {
    const script =
      'console.log([process.env.HOST, process.env.HOSTS, process.env.PASSWORD, process.env.API_KEY, process.env.DB_PASSWORD, process.env.URL].join(" ")); console.error(process.env.PASSWORD)';
    const run = await cli(['exec', '--connection', 'orders', '--', process.execPath, '-e', script]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      // The URL holds a SecureString: the whole property is secret-derived.
      'db.orders.internal a.example.com,b.example.com ***** ***** ***** *****\n',
    );
    expect(run.stderr).toBe('*****\n');
    for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
  });

  it('exec masks each item of a SecureString read as a list, and the list as a whole', async () => {
    const script =
      'const items = process.env.REPLICA_PASSWORDS.split(","); console.log(items[0]); console.log(process.env.REPLICA_PASSWORDS); console.error(items[1])';
    const run = await cli(['exec', '--connection', 'orders', '--', process.execPath, '-e', script]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('*****\n*****\n');
    expect(run.stderr).toBe('*****\n');
    for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
  });

  it('exec reads NAME=ssm:<parameter> dotenv lines and masks only the SecureString', async () => {
    await writeFile(
      join(dir.path, '.env.parameters'),
      'PGHOST=ssm:/prod/orders/db/host\nPGPASSWORD=ssm:/prod/orders/db/password\n',
    );
    const script = 'console.log(process.env.PGHOST, process.env.PGPASSWORD)';
    const run = await cli([
      'exec',
      '--dotenv',
      '.env.parameters',
      '--',
      process.execPath,
      '-e',
      script,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('db.orders.internal *****\n');
  });
});

describe('vaultline validate with parameters', () => {
  it('counts the parameter references beside the secret ones', async () => {
    const run = await cli(['validate']);
    expect(run.status, run.stderr).toBe(0);
    // host, port, the two placeholders of url, hosts, hostsText, password, replicaPasswords,
    // apiKey, endpoint.
    expect(run.stdout).toMatch(/1 connection, 1 secret reference, 10 parameter references\)/);
  });

  it('exits 2 on a parameter ARN of another region, with the message every command gives', async () => {
    const elsewhere = 'arn:aws:ssm:eu-west-1:111122223333:parameter/prod/orders/db/host';
    const runTime = await cli(['get', `ssm:${elsewhere}`]);
    const message = `parameter '${elsewhere}' is in region eu-west-1, but the vault reads from us-east-2: a referenced parameter must be in the vault's region`;
    expect(runTime.stderr).toContain(message);
    const config = await writeEmulatorConfig(dir.path, emu, {
      user: 'orders-app',
      name: 'other-region.yaml',
      connections: `  orders:\n    host: { parameter: "${elsewhere}" }`,
    });
    const run = await vaultlineAsync(['--config', config, 'validate'], { cwd: dir.path });
    expect(run.status, run.stdout + run.stderr).toBe(2);
    expect(run.stdout + run.stderr).toContain('connections.orders.host.parameter');
    expect(run.stdout + run.stderr).toContain(message);
  });
});

describe('vaultline doctor with parameters', () => {
  it('checks each parameter of the config; --parameter adds one', async () => {
    const run = await cli(['--json', 'doctor', '--parameter', 'ssm:/prod/orders/db/host:9']);
    const report = JSON.parse(run.stdout) as {
      steps: { id: string; status: string; problem?: string }[];
    };
    const status = (id: string) => report.steps.find((step) => step.id === id);
    expect(status('read-parameter:/prod/orders/db/host')?.status).toBe('pass');
    expect(status('decrypt-parameter:/prod/orders/api-key')?.status).toBe('pass');
    expect(status('read-parameter:/prod/orders/db/host:9')).toMatchObject({
      status: 'fail',
      problem: 'PARAMETER_VERSION_NOT_FOUND',
    });
    expect(run.status).toBe(1);
    for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
  });
});
