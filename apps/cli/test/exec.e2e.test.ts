import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultline, vaultlineAsync, writeEmulatorConfig } from './spawn.js';

const DB_PASSWORD = 'canary-7f3a91c2d4e8';
const API_KEY = 'canary-b52e0d7a913f';

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;
let config: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: 'single-account' });
  dir = await createTempDir();
  config = await writeEmulatorConfig(dir.path, emu);
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
    const script = `const v = process.env.PASSWORD; process.stdout.write(v.slice(0, 5)); setTimeout(() => process.stdout.write(v.slice(5) + '\\n'), 50);`;
    const run = await exec(['--connection', 'orders-db', '--', node, '-e', script]);
    expect(run.stdout).toBe('*****\n');
  });

  it('--no-mask passes the output through', async () => {
    const run = await exec(['--connection', 'orders-db', '--no-mask', '--', node, '-e', CHECK]);
    expect(run.stdout).toContain(`password=${DB_PASSWORD}`);
  });

  it('--env-file: secret:<reference> lines are resolved, literals passed', async () => {
    const script = `console.log([process.env.PGPASSWORD === '${DB_PASSWORD}', process.env.API_KEY === '${API_KEY}', process.env.PGHOST].join(' '))`;
    const run = await exec(['--env-file', '.env.vaultline', '--', node, '-e', script]);
    expect(run).toMatchObject({ status: 0, stdout: 'true true db.internal\n' });
  });

  it("keeps vaultline's environment unless --pristine", async () => {
    const script =
      'console.log(String(process.env.FROM_PARENT) + " " + Object.keys(process.env).sort().join(","))';
    const inherited = await exec(['--env-file', '.env.vaultline', '--', node, '-e', script], {
      FROM_PARENT: 'here',
    });
    expect(inherited.stdout).toMatch(/^here /);
    const pristine = await exec(
      ['--pristine', '--env-file', '.env.vaultline', '--', node, '-e', script],
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

  it('bad input: no source exits 2, a bad env file exits 2, a missing program exits 4, an unknown connection exits 4', async () => {
    const none = await exec(['--', node, '-e', '0']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(
      /^vaultline: exec needs --connection NAME or --env-file FILE\nhint: /,
    );
    await writeFile(join(dir.path, 'bad.env'), `GOOD=1\nnot a line ${DB_PASSWORD}\n`);
    const bad = await exec(['--env-file', 'bad.env', '--', node, '-e', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^vaultline: bad\.env:2: expected NAME=value/);
    expect(bad.stderr).not.toContain(DB_PASSWORD);
    const missing = await exec(['--connection', 'api', '--', 'no-such-program-vaultline']);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(
      /^vaultline: command not found: no-such-program-vaultline\nhint: /,
    );
    const unknown = await exec(['--connection', 'nope', '--', node, '-e', '0']);
    expect(unknown.status).toBe(4);
  });
});
