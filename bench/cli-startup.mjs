#!/usr/bin/env node
// Benchmark: how fast `vaultline get` starts and answers, next to `node -e 0` (the floor of
// any Node program) and the AWS CLI's get-secret-value, all against the same emulator with
// the same credentials and region. Prints one side-by-side table of medians from one run.
//
// Run after building the CLI: `pnpm --filter @vaultline/cli build && node bench/cli-startup.mjs [runs]`
// Targets: `vaultline get` at most 1.6x `node -e 0`, and at least 4x faster than the AWS CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps', 'cli', 'dist', 'cli.js');
const SCENARIO = join(ROOT, 'examples', 'scenarios', 'single-account.yaml');
const AWS = '/usr/bin/aws';
const RUNS = Number(process.argv[2] ?? 21);
const REGION = 'us-east-2';

if (!existsSync(CLI)) {
  console.error(`no ${CLI}: build it first with 'pnpm --filter @vaultline/cli build'`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'vaultline-bench-'));
// The emulator runs in its own process, so timing here (spawnSync) cannot slow it down.
const emulator = spawn(process.execPath, [CLI, 'emulator', '--scenario', SCENARIO, '--port', '0'], {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  emulator.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
  emulator.on('exit', () => reject(new Error(`the emulator exited: ${out}`)));
});

try {
  const keys = JSON.parse(
    spawnSync(process.execPath, [CLI, '--output', 'json', 'emulator', 'credentials', 'developer'], {
      cwd: dir,
      encoding: 'utf8',
    }).stdout,
  );
  const config = join(dir, 'vaultline.yaml');
  writeFileSync(
    config,
    `vault:\n  authType: access-key\n  region: ${REGION}\n  endpoint: ${url}\n  accessKeyId: ${keys.accessKeyId}\n  secretAccessKey: ${keys.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
  };

  const cases = [
    { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    { label: 'vaultline --help', argv: [process.execPath, CLI, '--help'] },
    {
      label: 'vaultline get prod/db:password',
      argv: [process.execPath, CLI, '--config', config, 'get', 'prod/db:password'],
      expect: 'canary-7f3a91c2d4e8',
    },
    ...(existsSync(AWS)
      ? [
          {
            label: 'aws secretsmanager get-secret-value',
            argv: [
              AWS,
              'secretsmanager',
              'get-secret-value',
              '--secret-id',
              'prod/db',
              '--endpoint-url',
              url,
              '--region',
              REGION,
              '--query',
              'SecretString',
              '--output',
              'text',
            ],
            expect: 'canary-7f3a91c2d4e8',
          },
        ]
      : []),
  ];

  const once = (item) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(item.argv[0], item.argv.slice(1), { cwd: dir, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 || (item.expect && !result.stdout.includes(item.expect))) {
      throw new Error(
        `${item.label} failed (exit ${result.status}): ${result.stderr.slice(0, 300)}`,
      );
    }
    return ms;
  };
  // Warm the file cache, and let `vaultline` write its V8 code cache for each command (under
  // HOME, a fresh directory), so every timed run is a user's second run, not their first.
  for (const item of cases) {
    once(item);
    once(item);
  }
  const samples = new Map(cases.map((item) => [item.label, []]));
  // Interleaved, so a busy moment on the machine costs every command alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const item of cases) samples.get(item.label).push(once(item));
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const medians = new Map([...samples].map(([label, values]) => [label, median(values)]));
  const mins = new Map([...samples].map(([label, values]) => [label, Math.min(...values)]));
  const floor = medians.get('node -e 0');
  const get = medians.get('vaultline get prod/db:password');
  const aws = medians.get('aws secretsmanager get-secret-value');

  console.log(
    `vaultline CLI startup, ${RUNS} runs each (interleaved), medians, emulator at ${url}\n`,
  );
  // min: the least-disturbed run, a check on the medians when the machine is busy.
  const header = ['command', 'median', 'min', 'vs node -e 0', 'aws CLI / this'];
  const rows = [...medians].map(([label, ms]) => [
    label,
    `${ms.toFixed(1)} ms`,
    `${mins.get(label).toFixed(1)} ms`,
    `${(ms / floor).toFixed(2)}x`,
    aws === undefined ? '-' : `${(aws / ms).toFixed(2)}x`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log(
    `vaultline get / node -e 0: ${(get / floor).toFixed(2)}x (target at most 1.6x: ${verdict(get / floor <= 1.6)})`,
  );
  if (aws !== undefined) {
    console.log(
      `aws CLI / vaultline get: ${(aws / get).toFixed(2)}x (target at least 4x: ${verdict(aws / get >= 4)})`,
    );
  } else {
    console.log(`aws CLI: not installed at ${AWS}; the second comparison is skipped`);
  }
} finally {
  emulator.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
