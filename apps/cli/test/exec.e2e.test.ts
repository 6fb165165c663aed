import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultline, vaultlineAsync, writeEmulatorConfig } from './spawn.js';

const DB_PASSWORD = 'canary-7f3a91c2d4e8';
const API_KEY = 'canary-b52e0d7a913f';
const SIDECAR_TOKEN = '5d41402abc4b2a76b9719d911017c592ae2f9a3b';

// The default connections, plus one that also has a password and one with an env: map.
const CONNECTIONS = `  orders-db:
    host: db.internal
    username: { secret: "prod/db:username" }
    password: { secret: "prod/db:password" }
    url: "postgres://app:\${secret:prod/db:password}@db.internal/orders"
  api:
    key: { secret: app/api-key }
  replica:
    password: { secret: app/api-key }
  pg:
    host: db.internal
    password: { secret: "prod/db:password" }
    env: { PGPASSWORD: password, PGHOST: host }`;

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;
let config: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: 'single-account' });
  dir = await createTempDir();
  config = await writeEmulatorConfig(dir.path, emu, { connections: CONNECTIONS });
  await writeFile(
    join(dir.path, '.env.vaultline'),
    '# for psql\nexport PGPASSWORD=secret:prod/db:password\nAPI_KEY="secret:app/api-key"\nPGHOST=db.internal\n',
  );
});
afterAll(async () => {
  await emu?.close();
  await dir?.[Symbol.asyncDispose]();
});

const node = process.execPath;
const exec = (args: string[], env?: Record<string, string>) =>
  vaultlineAsync(['--config', config, 'exec', ...args], { cwd: dir.path, ...(env ? { env } : {}) });

// The child checks the values itself and prints only yes/no, then prints the values raw.
const CHECK = `const ok = process.env.PASSWORD === '${DB_PASSWORD}' && process.env.URL.includes('${DB_PASSWORD}');
console.log('child sees values: ' + ok); console.log('password=' + process.env.PASSWORD); console.error('stderr ' + process.env.PASSWORD);`;

describe('vaultline exec', () => {
  it('--connection: the child sees the values; its stdout and stderr are masked', async () => {
    const run = await exec(['--connection', 'orders-db', '--', node, '-e', CHECK]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('child sees values: true');
    expect(run.stdout).toContain('password=*****');
    expect(run.stderr).toContain('stderr *****');
    expect(run.stdout + run.stderr).not.toContain(DB_PASSWORD);
  });

  it('masks a value the child writes in pieces', async () => {
    const script = `const v = process.env.PASSWORD; process.stdout.write(v.slice(0, 5)); setTimeout(() => process.stdout.write(v.slice(5) + '\\n'), 20);`;
    const run = await exec(['--connection', 'orders-db', '--', node, '-e', script]);
    expect(run.stdout).toBe('*****\n');
  });

  it('--no-mask passes the output through', async () => {
    const run = await exec(['--connection', 'orders-db', '--no-mask', '--', node, '-e', CHECK]);
    expect(run.stdout).toContain(`password=${DB_PASSWORD}`);
  });

  it('--dotenv: secret:<reference> lines are resolved, literals passed', async () => {
    const script = `console.log([process.env.PGPASSWORD === '${DB_PASSWORD}', process.env.API_KEY === '${API_KEY}', process.env.PGHOST].join(' '))`;
    const run = await exec(['--dotenv', '.env.vaultline', '--', node, '-e', script]);
    expect(run).toMatchObject({ status: 0, stdout: 'true true db.internal\n' });
  });

  it("keeps vaultline's environment unless --pristine", async () => {
    const script =
      'console.log(String(process.env.FROM_PARENT) + " " + Object.keys(process.env).sort().join(","))';
    const inherited = await exec(['--dotenv', '.env.vaultline', '--', node, '-e', script], {
      FROM_PARENT: 'here',
    });
    expect(inherited.stdout).toMatch(/^here /);
    const pristine = await exec(
      ['--pristine', '--dotenv', '.env.vaultline', '--', node, '-e', script],
      {
        FROM_PARENT: 'here',
      },
    );
    expect(pristine.stdout.trim()).toBe('undefined API_KEY,PGHOST,PGPASSWORD');
  });

  it("returns the child's exit code", async () => {
    const run = await exec(['--connection', 'api', '--', node, '-e', 'process.exit(7)']);
    expect(run.status).toBe(7);
  });

  it('forwards SIGTERM to the child and returns its exit code', async () => {
    const script = `process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`;
    const started = startVaultline(
      ['--config', config, 'exec', '--connection', 'api', '--', node, '-e', script],
      {
        cwd: dir.path,
      },
    );
    await started.waitFor(/ready/);
    started.child.kill('SIGTERM');
    const run = await started.done;
    expect(run.stdout).toContain('child got SIGTERM');
    expect(run.status).toBe(42);
  });

  it('forwards SIGINT and SIGHUP too; a child killed by a signal gives 128 + its number', async () => {
    for (const [signal, number] of [
      ['SIGINT', 2],
      ['SIGHUP', 1],
    ] as const) {
      const started = startVaultline(
        [
          '--config',
          config,
          'exec',
          '--connection',
          'api',
          '--',
          node,
          '-e',
          "console.log('ready'); setInterval(() => {}, 1000)",
        ],
        { cwd: dir.path },
      );
      await started.waitFor(/ready/);
      started.child.kill(signal);
      const run = await started.done;
      expect(run.status, `${signal}: ${run.stderr}`).toBe(128 + number);
    }
  });

  it("does not pass vaultline's own credentials and settings to the program", async () => {
    const { secretAccessKey } = await emu.credentialsOf('developer');
    const script =
      'console.log(Object.keys(process.env).filter((k) => /^(VAULTLINE_|AWS_)/.test(k)).sort().join(",") + " " + process.env.FROM_PARENT + " " + (process.env.PASSWORD !== undefined))';
    const run = await exec(['--connection', 'orders-db', '--', node, '-e', script], {
      FROM_PARENT: 'here',
      VAULTLINE_SECRET_ACCESS_KEY: secretAccessKey,
      VAULTLINE_CACHE_TTL_SECONDS: '60',
      AWS_TOKEN: SIDECAR_TOKEN,
      AWS_SESSION_TOKEN: SIDECAR_TOKEN,
      AWS_REGION: 'us-east-2',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('AWS_REGION here true\n');
  });

  it('does not pass the AWS_* keys a default-chain vault signed with', async () => {
    const { accessKeyId, secretAccessKey } = await emu.credentialsOf('developer');
    const chain = join(dir.path, 'default-chain.yaml');
    await writeFile(
      chain,
      `vault:\n  authType: default-chain\n  region: us-east-2\n  endpoint: ${emu.url}\nconnections:\n  api:\n    key: { secret: app/api-key }\n`,
    );
    const script = `console.log([process.env.KEY === '${API_KEY}', process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN].join(' '))`;
    const run = await vaultlineAsync(
      ['--config', chain, 'exec', '--connection', 'api', '--', node, '-e', script],
      {
        cwd: dir.path,
        env: {
          AWS_ACCESS_KEY_ID: accessKeyId,
          AWS_SECRET_ACCESS_KEY: secretAccessKey,
          AWS_SESSION_TOKEN: 'none',
        },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('true   \n');
  });

  it('a name set by two connections, or already in the environment, exits 2 unless --override', async () => {
    const marker = "console.log('child ran ' + process.env.PASSWORD)";
    const twice = await exec([
      '--connection',
      'orders-db',
      '--connection',
      'replica',
      '--',
      node,
      '-e',
      marker,
    ]);
    expect(twice.status).toBe(2);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toMatch(
      /^vaultline: a variable is set twice: PASSWORD \(connection orders-db \(password\), connection replica \(password\)\)\n/,
    );
    expect(twice.stderr).toMatch(
      /\nhint: name them apart with --prefix, or with an env: map .*--override/,
    );
    const overridden = await exec([
      '--override',
      '--connection',
      'orders-db',
      '--connection',
      'replica',
      '--no-mask',
      '--',
      node,
      '-e',
      marker,
    ]);
    expect(overridden.status, overridden.stderr).toBe(0);
    expect(overridden.stdout).toBe(`child ran ${API_KEY}\n`);

    const inherited = await exec(['--connection', 'api', '--', node, '-e', marker], {
      KEY: 'mine',
    });
    expect(inherited.status).toBe(2);
    expect(inherited.stderr).toContain(
      'a variable is set twice: KEY (the environment, connection api (key))',
    );
  });

  it('--prefix and an env: map name the variables, as resolve --format env names them', async () => {
    const script =
      'console.log(Object.keys(process.env).filter((k) => /^(PG|PASSWORD|HOST)/.test(k)).sort().join(","))';
    const prefixed = await exec([
      '--connection',
      'orders-db',
      '--prefix',
      'PG',
      '--',
      node,
      '-e',
      script,
    ]);
    expect(prefixed.stdout).toBe('PGHOST,PGPASSWORD,PGURL,PGUSERNAME\n');
    const resolvedPrefixed = await vaultlineAsync(
      ['--config', config, 'resolve', 'orders-db', '--format', 'env', '--prefix', 'PG'],
      { cwd: dir.path },
    );
    expect(resolvedPrefixed.stdout.match(/^export (\w+)=/gm)?.sort()).toEqual(
      ['PGHOST', 'PGPASSWORD', 'PGURL', 'PGUSERNAME'].map((name) => `export ${name}=`),
    );

    const mapped = await exec(['--connection', 'pg', '--', node, '-e', script]);
    expect(mapped.stdout).toBe('PGHOST,PGPASSWORD\n');
    const resolvedMapped = await vaultlineAsync(
      ['--config', config, 'resolve', 'pg', '--format', 'dotenv'],
      { cwd: dir.path },
    );
    expect(resolvedMapped.stdout).toBe(`PGPASSWORD="${DB_PASSWORD}"\nPGHOST="db.internal"\n`);
    const bad = await exec(['--connection', 'pg', '--prefix', 'pg-', '--', node, '-e', '0']);
    expect(bad.status).toBe(2);
  });

  it('masks secret values and their JSON, URL and base64 forms, short ones as whole words only, never literals', async () => {
    const script = [
      'const { PASSWORD, USERNAME, HOST } = process.env;',
      "console.log('host ' + HOST);",
      "console.log('my application is happy; user=' + USERNAME + '.');",
      'console.log(JSON.stringify({ password: PASSWORD + String.fromCharCode(34) }));',
      "console.log('b64 ' + Buffer.from(PASSWORD).toString('base64'));",
      "console.log('basic ' + Buffer.from('u:' + PASSWORD).toString('base64'));",
      "console.log('url ?p=' + encodeURIComponent(PASSWORD + ' &'));",
    ].join('\n');
    const run = await exec(['--connection', 'orders-db', '--', node, '-e', script]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('host db.internal');
    expect(lines[1]).toBe('my application is happy; user=*****.');
    expect(lines[2]).toBe('{"password":"*****\\""}');
    expect(lines[3]).toBe('b64 *****');
    expect(lines[4]).toMatch(/^basic .{0,4}\*{5}.{0,4}$/);
    expect(lines[5]).toBe('url ?p=*****%20%26');
    expect(run.stdout).not.toContain(Buffer.from(DB_PASSWORD).toString('base64').slice(0, 12));
  });

  it('writes held-back output after a short idle time: a prompt without a newline does not stall', async () => {
    const script =
      "process.stdout.write('connect as ' + process.env.USERNAME); setTimeout(() => {}, 8000);";
    const started = startVaultline(
      ['--config', config, 'exec', '--connection', 'orders-db', '--', node, '-e', script],
      { cwd: dir.path },
    );
    try {
      // The program sleeps 8 s after its prompt: the masked prompt arriving while it still
      // runs proves the idle flush (at exit, end() would write it anyway).
      await started.waitFor(/connect as \*{5}/);
      expect(started.child.exitCode).toBeNull();
    } finally {
      started.child.kill('SIGTERM');
      await started.done;
    }
  });

  it("--env-file is refused with the option to use: Node.js reads that flag itself, into vaultline's own environment", async () => {
    await writeFile(join(dir.path, 'node-reads-this.env'), 'NODE_READS_THIS=1\n');
    const run = await exec(['--env-file', 'node-reads-this.env', '--', node, '-e', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^vaultline: --env-file is read by Node\.js itself before vaultline starts .*: use --dotenv FILE\nhint: vaultline exec --dotenv node-reads-this\.env -- <program>/,
    );
  });

  it('bad input: no source exits 2, a bad env file exits 2, a missing program exits 127, an unknown connection exits 4', async () => {
    const none = await exec(['--', node, '-e', '0']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(
      /^vaultline: exec needs --connection NAME or --dotenv FILE\nhint: /,
    );
    await writeFile(join(dir.path, 'bad.env'), `GOOD=1\nnot a line ${DB_PASSWORD}\n`);
    const bad = await exec(['--dotenv', 'bad.env', '--', node, '-e', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^vaultline: bad\.env:2: expected NAME=value/);
    expect(bad.stderr).not.toContain(DB_PASSWORD);
    const missing = await exec(['--connection', 'api', '--', 'no-such-program-vaultline']);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toMatch(
      /^vaultline: command not found: no-such-program-vaultline\nhint: /,
    );
    const unknown = await exec(['--connection', 'nope', '--', node, '-e', '0']);
    expect(unknown.status).toBe(4);
  });

  it('a program found but not executable exits 126, as shells do; a missing path 127', async () => {
    await writeFile(join(dir.path, 'not-executable.sh'), 'echo hi\n', { mode: 0o644 });
    const file = await exec(['--connection', 'api', '--', './not-executable.sh']);
    expect(file.status, file.stderr).toBe(126);
    expect(file.stderr).toMatch(
      /^vaultline: cannot run \.\/not-executable\.sh: .* is not executable\nhint: /,
    );
    const onPath = await exec(['--connection', 'api', '--', 'not-executable.sh'], {
      PATH: `${dir.path}:${process.env.PATH ?? ''}`,
    });
    expect(onPath.status, onPath.stderr).toBe(126);
    const gone = await exec(['--connection', 'api', '--', './no-such-file.sh']);
    expect(gone.status).toBe(127);
  });

  it("forgetting --: says to put it before the program and shows the command with it (sh's -c is not --config)", async () => {
    const run = await exec(['--connection', 'api', 'sh', '-c', 'echo hi']);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('no config file');
    expect(run.stderr.split('\n')).toEqual([
      "vaultline: put -- before the program: without it, '-c' after 'sh' would be read as an option of vaultline",
      `hint: vaultline --config ${config} exec --connection api -- sh -c 'echo hi'`,
      '',
    ]);
    // A program without options needs no --.
    const plain = await exec(['--connection', 'api', node]);
    expect(plain.status, plain.stderr).toBe(0);
  });

  it('returns when the program ends, not when a background process it started closes the inherited output', async () => {
    // The shell starts a sleeper that keeps stdout and stderr (vaultline's pipes, for
    // masking) open, prints its pid and exits. vaultline must return while it still runs.
    const run = await exec([
      '--connection',
      'api',
      '--',
      'sh',
      '-c',
      'sleep 120 & echo "background $!"; echo done',
    ]);
    const pid = Number(run.stdout.match(/background (\d+)/)?.[1]);
    try {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('done');
      expect(() => process.kill(pid, 0)).not.toThrow(); // still running: vaultline did not wait
    } finally {
      if (pid > 0) process.kill(pid, 'SIGKILL');
    }
  });
});
