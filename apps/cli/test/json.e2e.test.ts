import { join } from 'node:path';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, vaultline } from './helpers.js';
import { startVaultline, vaultlineAsync, writeEmulatorConfig } from './spawn.js';

// Every command with --json (or --output json): what it prints parses as JSON, on success
// (stdout) and on error (one object on stderr: code, message, hint, exitCode).

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;
let config: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: 'single-account' });
  dir = await createTempDir();
  config = await writeEmulatorConfig(dir.path, emu);
});
afterAll(async () => {
  await emu?.close();
  await dir?.[Symbol.asyncDispose]();
});

const node = process.execPath;
const ROLE_BASED = join(EXAMPLES, 'role-based.yaml');

/** Commands that end by themselves: [command path, success args, error args]. */
const FINITE: [string, () => string[], () => string[]][] = [
  [
    'init',
    () => [
      'init',
      '--config',
      join(dir.path, 'new.yaml'),
      '--yes',
      '--auth-type',
      'default-chain',
      '--region',
      'us-east-2',
      '--force',
    ],
    () => ['init', '--config', join(dir.path, 'other.yaml'), '--yes', '--auth-type', 'nope'],
  ],
  ['validate', () => ['--config', config, 'validate'], () => ['validate', 'extra']],
  [
    'doctor',
    () => ['--config', config, 'doctor', '--connection', 'api'],
    () => ['--config', config, 'doctor', '--connection', 'nope'],
  ],
  [
    'get',
    () => ['--config', config, 'get', 'app/api-key'],
    () => ['--config', config, 'get', 'prod/missing'],
  ],
  [
    'describe',
    () => ['--config', config, 'describe', 'app/api-key'],
    () => ['--config', config, 'describe', 'prod/missing'],
  ],
  [
    'list',
    () => ['--config', config, 'list'],
    () => ['--config', config, 'list', '--filter', 'bad'],
  ],
  ['resolve', () => ['--config', config, 'resolve', 'api'], () => ['--config', config, 'resolve']],
  [
    'exec',
    () => [
      '--config',
      config,
      'exec',
      '--connection',
      'api',
      '--',
      node,
      '-e',
      'console.log(JSON.stringify({ child: true }))',
    ],
    () => ['--config', config, 'exec', '--connection', 'api', '--', 'no-such-program-vaultline'],
  ],
  [
    'policy',
    () => ['--config', ROLE_BASED, 'policy'],
    () => ['--config', ROLE_BASED, 'policy', 'nope'],
  ],
  ['names check', () => ['names', 'check', 'prod/db'], () => ['names', 'check']],
  ['names suggest', () => ['names', 'suggest', 'Prod DB'], () => ['names', 'suggest']],
  [
    'emulator credentials',
    () => ['emulator', 'credentials', 'developer'],
    () => ['emulator', 'credentials', 'nobody'],
  ],
  ['completion', () => ['completion', 'bash'], () => ['completion', 'tcsh']],
];

/** Commands that run until stopped: [command path, args, error args]. */
const SERVERS: [string, string[], string[]][] = [
  ['emulator', ['emulator'], ['emulator', '--port', 'x']],
  ['dev', ['dev', '--no-sidecar'], ['dev', '--port', 'x']],
];

// `sidecar` takes the sidecar's own options (see its --help), not vaultline's; `names` is a
// group whose subcommands are covered.
const NOT_VAULTLINE = ['sidecar', 'names'];

/** The commands `--help` lists, with the subcommands of those that have some. */
function listedCommands(): string[] {
  const names = (args: string[]) =>
    [
      ...(vaultline([...args, '--help']).stdout.split('Commands:\n')[1] ?? '').matchAll(
        /^ {2}([a-z-]+)[ \n]/gm,
      ),
    ].map((m) => m[1] ?? '');
  return names([]).flatMap((name) => {
    const subcommands = names([name]).filter((sub) => sub !== 'help');
    return [name, ...subcommands.map((sub) => `${name} ${sub}`)];
  });
}

function expectJsonError(run: { status: number | null; stdout: string; stderr: string }) {
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  const error = JSON.parse(lines[0] ?? '');
  expect(Object.keys(error)).toEqual(['code', 'message', 'hint', 'exitCode']);
  expect(typeof error.message).toBe('string');
  expect(error.exitCode).toBe(run.status);
  expect(run.status).not.toBe(0);
}

// Each case runs the CLI several times; a busy machine takes more than the default 20 s.
describe('--json on every command', { timeout: 120_000 }, () => {
  it('the tables below cover every command --help lists', () => {
    const covered = [...FINITE.map(([name]) => name), ...SERVERS.map(([name]) => name)];
    const listed = listedCommands().filter((name) => !NOT_VAULTLINE.includes(name));
    expect(listed.length).toBeGreaterThan(10);
    for (const name of listed) expect(covered, `${name} has no --json case`).toContain(name);
  });

  it.each(FINITE)(
    '%s: success on stdout and the error on stderr parse as JSON',
    async (name, success, failure) => {
      // `emulator credentials` reads the emulator running in its folder.
      const server =
        name === 'emulator credentials'
          ? startVaultline(['emulator', '--scenario', 'single-account'], { cwd: dir.path })
          : undefined;
      try {
        await server?.waitFor(/\n/);
        for (const flag of [['--json'], ['--output', 'json']]) {
          const ok = await vaultlineAsync([...flag, ...success()], { cwd: dir.path });
          expect(ok.status, ok.stderr).toBe(0);
          expect(() => JSON.parse(ok.stdout), ok.stdout).not.toThrow();
          const bad = await vaultlineAsync([...flag, ...failure()], { cwd: dir.path });
          expectJsonError(bad);
        }
      } finally {
        server?.child.kill('SIGINT');
        await server?.done;
      }
    },
  );

  it.each(SERVERS)(
    '%s: the first line is a JSON object; a bad option is a JSON error',
    async (_name, args, failure) => {
      await using cwd = await createTempDir();
      const started = startVaultline([...args, '--json'], { cwd: cwd.path });
      await started.waitFor(/\n/);
      expect(JSON.parse(started.output().stdout)).toMatchObject({});
      started.child.kill('SIGINT');
      expect((await started.done).status).toBe(0);
      expectJsonError(vaultline([...failure, '--json'], { cwd: cwd.path }));
    },
  );

  it('usage errors of commander itself are JSON too', () => {
    for (const args of [['bogus', '--json'], ['--json'], ['--output', 'json', 'get']]) {
      const run = vaultline(args);
      expect(run.status).toBe(2);
      expectJsonError(run);
    }
  });

  it('describe: data fields hold data only (the AWS managed key is null, not prose)', async () => {
    const run = await vaultlineAsync(['--config', config, '--json', 'describe', 'app/api-key'], {
      cwd: dir.path,
    });
    const info = JSON.parse(run.stdout);
    expect(info).toHaveProperty('kmsKeyId');
    expect(info.kmsKeyId === null || /^arn:aws:kms:|^alias\//.test(info.kmsKeyId)).toBe(true);
    const text = await vaultlineAsync(['--config', config, 'describe', 'app/api-key'], {
      cwd: dir.path,
    });
    expect(text.stdout).toMatch(/^kms key {5}\S/m);
  });
});
