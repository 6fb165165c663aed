#!/usr/bin/env node
// Benchmark: how fast `vaultline --help` and `vaultline get` start and answer, next to
// `node -e 0` (the floor of any Node program), the floor of `get` (a bundle holding only the
// AWS SDK's Secrets Manager client and one call, bench/cli-floor.mjs) and the AWS CLI's
// get-secret-value, all against the same emulator with the same credentials and region, on
// the Node running this script. Prints one side-by-side table of medians from one run, then
// the targets: `--help` <= 1.4x `node -e 0`, `get` <= 2.0x `node -e 0`, AWS CLI >= 5x `get`.
//
// Run after building the CLI: `pnpm --filter @vaultline/cli build && node bench/cli-startup.mjs`
//   [runs]                   timed runs of each command (default 21)
//   --cli CLI_JS             the build to measure (default apps/cli/dist/cli.js)
//   --compare LABEL=CLI_JS   also time another build of the CLI (an A/B in one run)
//   --aws PATH               the AWS CLI (default $AWS_CLI, else /usr/bin/aws, else aws on PATH)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIO = join(ROOT, 'examples', 'scenarios', 'single-account.yaml');
const REGION = 'us-east-2';
const SECRET = 'canary-7f3a91c2d4e8';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cli: { type: 'string', default: join(ROOT, 'apps', 'cli', 'dist', 'cli.js') },
    compare: { type: 'string', multiple: true, default: [] },
    aws: { type: 'string' },
  },
});
const RUNS = Number(positionals[0] ?? 21);
const CLI = flags.cli;

/** The AWS CLI: --aws, $AWS_CLI, /usr/bin/aws, else the first `aws` on PATH. */
function findAwsCli() {
  const candidates = [
    flags.aws,
    process.env.AWS_CLI,
    '/usr/bin/aws',
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'aws')),
  ];
  return candidates.find((path) => path && existsSync(path));
}

if (!existsSync(CLI)) {
  console.error(`no ${CLI}: build it first with 'pnpm --filter @vaultline/cli build'`);
  process.exit(2);
}
const builds = [
  { label: 'vaultline', cli: CLI },
  ...flags.compare.map((spec) => {
    const [label, cli] = spec.split('=');
    if (!label || !cli || !existsSync(cli)) {
      console.error(`--compare expects LABEL=path/to/cli.js of a built CLI; received '${spec}'`);
      process.exit(2);
    }
    return { label, cli };
  }),
];
const AWS = findAwsCli();

const dir = mkdtempSync(join(tmpdir(), 'vaultline-bench-'));

/** CPU time of this process's finished children so far (Linux), in ms; NaN elsewhere. */
function childCpuMs() {
  try {
    // After "(comm) ": state is the 3rd field of the line, cutime the 16th, cstime the 17th,
    // in clock ticks (USER_HZ, 100 a second on Linux).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Bundles bench/cli-floor.mjs the way the CLI is bundled; returns the file. */
async function bundleFloor() {
  const outfile = join(dir, 'floor.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./cli-floor.mjs', import.meta.url))],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // The SDK is a (dev) dependency of the CLI, resolved from there, ES builds as in its tsup build.
    nodePaths: [join(ROOT, 'apps', 'cli', 'node_modules')],
    conditions: ['module'],
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return outfile;
}

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
  // HOME is a fresh directory: no user config or cache takes part. Each build of the CLI keeps
  // its cache in a directory of its own.
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
  };
  const floor = await bundleFloor();

  const cases = [
    { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    ...builds.flatMap(({ label, cli }, i) => {
      const env = { ...baseEnv, XDG_CACHE_HOME: join(dir, `cache-${i}`) };
      return [
        { label: `${label} --help`, argv: [process.execPath, cli, '--help'], env },
        {
          label: `${label} get prod/db:password`,
          argv: [process.execPath, cli, '--config', config, 'get', 'prod/db:password'],
          env,
          expect: SECRET,
        },
      ];
    }),
    {
      label: 'floor: SDK client + GetSecretValue',
      argv: [process.execPath, floor, url, REGION, 'prod/db'],
      // Node's compile cache, as the CLI uses it (module.enableCompileCache in its bin).
      env: { ...baseEnv, NODE_COMPILE_CACHE: join(dir, 'cache-floor') },
      expect: SECRET,
    },
    ...(AWS
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
            expect: SECRET,
          },
        ]
      : []),
  ];

  const once = (item) => {
    const cpuBefore = childCpuMs();
    const start = process.hrtime.bigint();
    const result = spawnSync(item.argv[0], item.argv.slice(1), {
      cwd: dir,
      env: item.env ?? baseEnv,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 || (item.expect && !result.stdout.includes(item.expect))) {
      throw new Error(
        `${item.label} failed (exit ${result.status}): ${result.stderr.slice(0, 300)}`,
      );
    }
    return { ms, cpu: childCpuMs() - cpuBefore };
  };
  // Warm the file cache, and let each build write its code cache (under a fresh HOME), so
  // every timed run is a user's second run, not their first.
  for (const item of cases) {
    once(item);
    once(item);
  }
  const samples = new Map(cases.map((item) => [item.label, []]));
  const cpu = new Map(cases.map((item) => [item.label, 0]));
  // Interleaved, so a busy moment on the machine costs every command alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const item of cases) {
      const sample = once(item);
      samples.get(item.label).push(sample.ms);
      cpu.set(item.label, cpu.get(item.label) + sample.cpu / RUNS);
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const medians = new Map([...samples].map(([label, values]) => [label, median(values)]));
  const mins = new Map([...samples].map(([label, values]) => [label, Math.min(...values)]));
  const node = medians.get('node -e 0');
  const help = medians.get('vaultline --help');
  const get = medians.get('vaultline get prod/db:password');
  const floorGet = medians.get('floor: SDK client + GetSecretValue');
  const aws = AWS ? medians.get('aws secretsmanager get-secret-value') : undefined;

  const awsVersion = AWS
    ? `${spawnSync(AWS, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ')[0]} (${AWS})`
    : 'not found';
  console.log(
    `vaultline CLI startup on Node ${process.version}, ${RUNS} runs each (interleaved), medians; AWS CLI: ${awsVersion}\n`,
  );
  // min: the least-disturbed run, a check on the medians when the machine is busy.
  // CPU: the mean CPU time (user + system, all threads) of a run, from this process's
  // children's times in /proc (10 ms ticks, averaged); it counts no time spent waiting for a
  // core, so it moves less than wall time when other jobs share the machine.
  const header = [
    'command',
    'median',
    'min',
    'vs node -e 0',
    'aws CLI / this',
    'CPU',
    'CPU vs node',
  ];
  const nodeCpu = cpu.get('node -e 0');
  const rows = [...medians].map(([label, ms]) => [
    label,
    `${ms.toFixed(1)} ms`,
    `${mins.get(label).toFixed(1)} ms`,
    `${(ms / node).toFixed(2)}x`,
    aws === undefined ? '-' : `${(aws / ms).toFixed(2)}x`,
    Number.isNaN(nodeCpu) ? '-' : `${cpu.get(label).toFixed(0)} ms`,
    Number.isNaN(nodeCpu) ? '-' : `${(cpu.get(label) / nodeCpu).toFixed(2)}x`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log(
    `vaultline --help / node -e 0: ${(help / node).toFixed(2)}x (target at most 1.4x: ${verdict(help / node <= 1.4)})`,
  );
  console.log(
    `vaultline get / node -e 0: ${(get / node).toFixed(2)}x (target at most 2.0x: ${verdict(get / node <= 2)}); the floor, SDK client + one call: ${(floorGet / node).toFixed(2)}x`,
  );
  if (aws !== undefined) {
    console.log(
      `aws CLI / vaultline get: ${(aws / get).toFixed(2)}x (target at least 5x: ${verdict(aws / get >= 5)})`,
    );
  } else {
    console.log('aws CLI: not found (--aws, $AWS_CLI, /usr/bin/aws, PATH); that target is skipped');
  }
} finally {
  emulator.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
