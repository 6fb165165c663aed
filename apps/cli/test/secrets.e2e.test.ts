import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir, startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers.js';
import { vaultlineAsync, writeEmulatorConfig } from './spawn.js';

/** Runs a program without blocking the event loop (the emulator is in this process). */
function runIn(file: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string }>((resolve) => {
    const child = spawn(file, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

// The single-account scenario's secret values (each a unique canary).
const DB_PASSWORD = 'canary-7f3a91c2d4e8';
const API_KEY = 'canary-b52e0d7a913f';
const API_KEY_PREVIOUS = 'canary-1c8f4e6b2a09';
const TLS_KEY = 'canary-e4d29b7c05a1';
const CANARIES = [DB_PASSWORD, API_KEY, API_KEY_PREVIOUS, TLS_KEY, 'canary-5a0b3c9d8e21'];

let emu: TestEmulator;
let dir: Awaited<ReturnType<typeof createTempDir>>;
let config: string;
let readerConfig: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scenario: 'single-account' });
  dir = await createTempDir();
  config = await writeEmulatorConfig(dir.path, emu);
  readerConfig = await writeEmulatorConfig(dir.path, emu, { user: 'reader', name: 'reader.yaml' });
});
afterAll(async () => {
  await emu?.close();
  await dir?.[Symbol.asyncDispose]();
});

const cli = (args: string[], env?: Record<string, string>) =>
  vaultlineAsync(['--config', config, ...args], { cwd: dir.path, ...(env ? { env } : {}) });

/** A failure: the documented exit code, one error line, one hint line, no stack, no canary. */
function expectFailure(
  run: { status: number | null; stdout: string; stderr: string },
  status: number,
  message: RegExp,
) {
  expect(run.status, run.stderr).toBe(status);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^vaultline: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^hint: |^Run again with --verbose/);
  expect(lines.length).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
}

describe('vaultline get', () => {
  it('prints the whole value, or one JSON key, on stdout only', async () => {
    const whole = await cli(['get', 'prod/db']);
    expect(whole.status, whole.stderr).toBe(0);
    expect(JSON.parse(whole.stdout)).toEqual({ username: 'app', password: DB_PASSWORD });
    expect(whole.stderr).toBe('');
    const key = await cli(['get', 'prod/db:password']);
    expect(key).toMatchObject({ status: 0, stdout: `${DB_PASSWORD}\n`, stderr: '' });
  });

  it('--version-stage and --version-id pick a version', async () => {
    const previous = await cli(['get', 'app/api-key', '--version-stage', 'AWSPREVIOUS']);
    expect(previous.stdout).toBe(`${API_KEY_PREVIOUS}\n`);
    const described = await cli(['describe', 'app/api-key', '--output', 'json']);
    const versions = JSON.parse(described.stdout).versions as Record<string, string[]>;
    const current = Object.keys(versions).find((id) => versions[id]?.includes('AWSCURRENT'));
    const byId = await cli(['get', 'app/api-key', '--version-id', current ?? '']);
    expect(byId.stdout).toBe(`${API_KEY}\n`);
  });

  it('binary secrets come out as their bytes; --output json gives metadata and base64', async () => {
    const raw = await cli(['get', 'app/tls-key']);
    expect(raw.stdout).toBe(`${TLS_KEY}\n`);
    const json = await cli(['--output', 'json', 'get', 'app/tls-key']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ name: 'app/tls-key', versionStages: ['AWSCURRENT'] });
    expect(Buffer.from(parsed.valueBase64, 'base64').toString()).toBe(`${TLS_KEY}\n`);
  });

  it('a missing secret exits 4 with a hint', async () => {
    expectFailure(await cli(['get', 'prod/nope']), 4, /prod\/nope/);
  });

  it('a version stage the secret does not have exits 4, and the hint says the stage is missing', async () => {
    // prod/db exists with AWSCURRENT only: the name is right, the label is not.
    const run = await cli(['get', 'prod/db:password:AWSPREVIOUS']);
    expectFailure(run, 4, /AWSPREVIOUS/);
    const hint = run.stderr.split('\n')[1] ?? '';
    expect(hint).toContain(
      'the secret exists but has no version with the staging label AWSPREVIOUS',
    );
    expect(hint).toContain('list-secret-version-ids --secret-id prod/db');
    expect(hint).not.toMatch(/check the secret name/);
  });

  it('a missing JSON key exits 4 and lists the keys that exist, not the values', async () => {
    const run = await cli(['get', 'prod/db:pasword']);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('password');
    expect(run.stderr).not.toContain(DB_PASSWORD);
  });

  it('an invalid reference exits 2 before any AWS call', async () => {
    await emu.control.resetCounters();
    expectFailure(await cli(['get', 'prod/orders db']), 2, /not a valid secret name/);
    expect(await emu.control.counters()).toEqual({});
  });

  it('no config file exits 2 and says how to make one', async () => {
    await using empty = await createTempDir();
    const run = await vaultlineAsync(['get', 'prod/db'], { cwd: empty.path });
    expectFailure(run, 2, /no config file at vaultline\.yaml/);
    expect(run.stderr).toContain('vaultline init');
  });

  it('an invalid config exits 2 and points at validate', async () => {
    const run = await cli(['get', 'prod/db'], { VAULTLINE_REGION: 'Ohio' });
    expectFailure(run, 2, /vault\.region/);
    expect(run.stderr).toContain('vaultline validate');
  });

  it('--region overrides the vault region (a secret in us-west-1)', async () => {
    const run = await cli(['--region', 'us-west-1', 'get', 'app/config:feature']);
    expect(run).toMatchObject({ status: 0, stdout: 'canary-5a0b3c9d8e21\n' });
  });

  it('access denied exits 3 with a hint naming the missing policy', async () => {
    const run = await vaultlineAsync(['--config', readerConfig, 'get', 'prod/db:password'], {
      cwd: dir.path,
    });
    expectFailure(run, 3, /not authorized|denied/i);
    expect(run.stderr).toMatch(/^hint: .*polic/m);
  });

  it('AWS unavailable (an outage) exits 1 with a hint; --verbose adds a redacted stack', async () => {
    await emu.control.setFault('*', { outage: true });
    try {
      const run = await cli(['get', 'prod/db:password']);
      expectFailure(run, 1, /unavailable|503|could not/i);
      const verbose = await cli(['--verbose', 'get', 'prod/db:password']);
      expect(verbose.status).toBe(1);
      expect(verbose.stderr).toMatch(/\n\s+at /);
      for (const canary of CANARIES) expect(verbose.stderr).not.toContain(canary);
    } finally {
      await emu.control.clearFaults();
    }
  });
});

describe('vaultline describe and list', () => {
  it('describe shows metadata and never the value', async () => {
    const run = await cli(['describe', 'prod/db']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^name\s+prod\/db$/m);
    expect(run.stdout).toMatch(
      /^arn\s+arn:aws:secretsmanager:us-east-2:111111111111:secret:prod\/db-/m,
    );
    expect(run.stdout).toMatch(/^tag\s+team=platform$/m);
    for (const canary of CANARIES) expect(run.stdout).not.toContain(canary);
  });

  it('describe of a missing secret exits 4', async () => {
    expectFailure(await cli(['describe', 'nope']), 4, /nope/);
  });

  it('list prints names and ARNs; --filter narrows; values never appear', async () => {
    const all = await cli(['list']);
    expect(all.status, all.stderr).toBe(0);
    expect(
      all.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['app/api-key', 'app/tls-key', 'prod/db']);
    const filtered = await cli(['list', '--filter', 'tag-key=team', '--output', 'json']);
    expect(JSON.parse(filtered.stdout).map((row: { name: string }) => row.name)).toEqual([
      'prod/db',
    ]);
    for (const canary of CANARIES) expect(all.stdout + filtered.stdout).not.toContain(canary);
  });

  it('a bad --filter exits 2', async () => {
    expectFailure(await cli(['list', '--filter', 'colour=red']), 2, /--filter expects key=value/);
  });

  it('list without permission exits 3', async () => {
    const run = await vaultlineAsync(['--config', readerConfig, 'list'], { cwd: dir.path });
    expectFailure(run, 3, /ListSecrets|not authorized|denied/i);
  });
});

describe('vaultline resolve', () => {
  it.each([
    ['json', (out: string) => JSON.parse(out).password],
    ['yaml', (out: string) => /password: (\S+)/.exec(out)?.[1]],
    ['env', (out: string) => /^export PASSWORD='(.*)'$/m.exec(out)?.[1]],
    ['dotenv', (out: string) => /^PASSWORD="(.*)"$/m.exec(out)?.[1]],
  ])('--format %s', async (format, read) => {
    const run = await cli(['resolve', 'orders-db', '--format', format]);
    expect(run.status, run.stderr).toBe(0);
    expect(read(run.stdout)).toBe(DB_PASSWORD);
    expect(run.stdout).toContain(`postgres://app:${DB_PASSWORD}@db.internal/orders`);
  });

  it('--all prefixes env names with the connection', async () => {
    const run = await cli(['resolve', '--all', '--format', 'env']);
    expect(run.stdout).toContain(`export ORDERS_DB_PASSWORD='${DB_PASSWORD}'`);
    expect(run.stdout).toContain(`export API_KEY='${API_KEY}'`);
  });

  it('an unknown connection exits 4 and names the known ones', async () => {
    const run = await cli(['resolve', 'nope']);
    expectFailure(run, 4, /known connections: orders-db, api/);
  });

  it('neither a name nor --all exits 2', async () => {
    expectFailure(await cli(['resolve']), 2, /one connection name or --all/);
  });
});

describe('vaultline doctor', () => {
  it('passes step by step against the emulator (plain lines when not a terminal)', async () => {
    const run = await cli(['doctor']);
    expect(run.status, run.stdout).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('ok   Configuration is valid');
    expect(lines).toContain('ok   Caller identity (sts:GetCallerIdentity)');
    // Who vaultline signed in as, on the line after the identity step.
    const identity = lines.indexOf('ok   Caller identity (sts:GetCallerIdentity)');
    expect(lines[identity + 1]).toMatch(/^ {4}signed in as arn:aws:iam::\d{12}:user\/developer /);
    expect(lines.at(-1)).toMatch(/^all checks passed/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('--json is the report', async () => {
    const run = await cli(['doctor', '--json', '--connection', 'api']);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.steps.map((step: { id: string }) => step.id)).toContain(
      'read-secret:app/api-key',
    );
    expect(report.steps.map((step: { id: string }) => step.id)).not.toContain(
      'read-secret:prod/db',
    );
  });

  it('a failing step exits 1, with the finding and the fix; no secret in the output', async () => {
    const run = await vaultlineAsync(['--config', readerConfig, 'doctor'], { cwd: dir.path });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL /m);
    expect(run.stdout).toMatch(/^ {4}fix: /m);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/check(s)? failed/);
    for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
  });

  it('--secret checks one more reference; a missing one fails', async () => {
    const run = await cli(['doctor', '--connection', 'api', '--secret', 'prod/missing']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('prod/missing');
  });
});

describe('vaultline doctor on a terminal', () => {
  const hasScript = existsSync('/usr/bin/script');

  it.skipIf(!hasScript)(
    'shows live marks in color; NO_COLOR keeps the marks without color',
    async () => {
      const command = `${process.execPath} ${CLI} --config ${config} doctor --connection api`;
      const onTerminal = async (env: Record<string, string>) =>
        (await runIn('/usr/bin/script', ['-qec', command, '/dev/null'], env)).stdout;
      const colored = await onTerminal({});
      expect(colored).toContain('\u001b[32m✔\u001b[39m Configuration is valid');
      expect(colored).toContain('\r\u001b[2K'); // each line is rewritten when its check ends
      const plain = await onTerminal({ NO_COLOR: '1' });
      expect(plain).toContain('✔ Configuration is valid');
      expect(plain).not.toMatch(/\u001b\[3\dm/);
    },
  );

  it('an unknown --connection exits 4 before any check', async () => {
    expectFailure(
      await cli(['doctor', '--connection', 'nope']),
      4,
      /no connection named 'nope'.*known connections: orders-db, api/,
    );
  });
});

describe('no secret on stderr', () => {
  it('the failing commands above never printed a canary (spot check with --verbose)', async () => {
    const runs = await Promise.all([
      cli(['--verbose', 'get', 'prod/db:nokey']),
      cli(['--verbose', 'resolve', 'nope']),
      vaultlineAsync(
        ['--verbose', '--config', join(dir.path, 'reader.yaml'), 'resolve', 'orders-db'],
        {
          cwd: dir.path,
        },
      ),
    ]);
    for (const run of runs) {
      expect(run.status).not.toBe(0);
      for (const canary of CANARIES) expect(run.stdout + run.stderr).not.toContain(canary);
    }
  });
});
