#!/usr/bin/env node
// Benchmark: the vaultline sidecar's cache-hit throughput and p99 latency next to a bare
// node:http server that checks the same token and returns the same bytes (both in child
// processes pinned to one CPU, autocannon with 50 connections on another, alternating
// 1-second rounds in one run, with each server's CPU time per request), then the sidecar's
// resident memory with 10,000 cached 4 KiB secrets. Targets: >= 90% of the bare throughput,
// <= 1.5x its p99, <= 120 MB resident. Figures and method: bench/README.md.
//
// Run after the build: `pnpm build && pnpm --filter @vaultline/sidecar bench:sidecar`.
// The sidecar child gets AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED (the SDK's own switch
// for its Node 22 notice) to keep stderr quiet.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startEmulator } from '../packages/emulator/dist/index.js';

const require = createRequire(new URL('../apps/sidecar/package.json', import.meta.url));
const autocannon = require('autocannon');

const BARE = fileURLToPath(new URL('./sidecar-bare-server.mjs', import.meta.url));
// `--duration <s>` and `--secrets <n>` shorten a run (the figures above use the defaults).
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    secrets: { type: 'string', default: '10000' },
    // The flags the deployment files run the sidecar with; both servers get the same ones.
    'node-flags': { type: 'string', default: '--max-semi-space-size=1 --heap-growing-percent=10' },
    settle: { type: 'string', default: '12000' },
    // Another build of the sidecar to measure (an A/B of two bundles); default the built one.
    'sidecar-bin': { type: 'string' },
    // Run the servers and the load generator on any CPU instead of one each (see below).
    'no-pin': { type: 'boolean', default: false },
    // Per-round figures, and the servers' own non-JSON output (--trace-gc) on stderr.
    verbose: { type: 'boolean', default: false },
  },
});
const BIN =
  flags['sidecar-bin'] ?? fileURLToPath(new URL('../apps/sidecar/dist/bin.js', import.meta.url));
const DURATION_S = Number(flags.duration);
// On a machine with few cores, where the scheduler puts a server relative to autocannon (same
// core or not) changed its throughput by up to 40 % from one round to the next. So by default
// this process (autocannon and the emulator) runs on CPU 0 and both servers on CPU 1, each
// server alone on its core while it is loaded, when taskset exists and there are 2+ CPUs.
const PIN =
  !flags['no-pin'] &&
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]).status === 0
    ? { server: 1 }
    : undefined;
const CONNECTIONS = 50;
const NODE_FLAGS = flags['node-flags'] ? flags['node-flags'].split(' ').filter(Boolean) : [];
const MEMORY_SECRETS = Number(flags.secrets);
const SECRET_BYTES = 4096;
const TOKEN = `bench-${crypto.randomUUID()}`; // the sidecar wants 32+ random characters
const REGION = 'us-east-2';

const value = (i) => {
  const head = JSON.stringify({ id: i, filler: '' });
  return JSON.stringify({ id: i, filler: 'x'.repeat(SECRET_BYTES - head.length) });
};
const secretName = (i) => `bench/secret-${String(i).padStart(5, '0')}`;

const scenario = {
  defaultRegion: REGION,
  accounts: [{ id: '111111111111' }],
  users: [
    {
      name: 'sidecar',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['secretsmanager:*'], Resource: '*' }],
        },
      ],
    },
  ],
  secrets: Array.from({ length: MEMORY_SECRETS }, (_, i) => ({
    name: secretName(i),
    value: value(i),
  })),
};

/** Spawns a child and resolves with it and the first JSON line that has a url. */
function startChild(args, env) {
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = PIN
      ? ['taskset', ['-c', String(PIN.server), process.execPath, ...args]]
      : [process.execPath, args];
    const child = spawn(command, commandArgs, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const waiters = [];
    lines.on('line', (line) => {
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        if (flags.verbose) process.stderr.write(`[${child.pid}] ${line}\n`);
        return;
      }
      if (parsed === undefined) return;
      if (parsed.url && !child.url) {
        child.url = parsed.url;
        resolve(child);
      }
      for (const waiter of waiters.splice(0)) waiter(parsed);
    });
    child.nextLine = () => new Promise((r) => waiters.push(r));
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

function load(url, seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Rounds of one server: requests per second over all rounds, median p50 and p99. */
const combine = (results) => ({
  requests: { average: results.reduce((sum, r) => sum + r.requests.total, 0) / results.length },
  latency: {
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
  },
  non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  cpuUsPerRequest:
    (results.reduce((sum, r) => sum + r.serverCpuMs, 0) * 1000) /
    results.reduce((sum, r) => sum + r.requests.total, 0),
  errors: results.reduce((sum, r) => sum + r.errors, 0),
});

/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After the command name: utime and stime are fields 14 and 15 of the line, 12 and 13 here.
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** One loaded round, with the server's CPU time per request it answered. */
async function measuredLoad(child, url, seconds) {
  const before = cpuMs(child.pid);
  const result = await load(url, seconds);
  result.serverCpuMs = cpuMs(child.pid) - before;
  return result;
}

const rssMb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
};

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resident memory of a server that prefetches MEMORY_SECRETS secrets at start: at start, when
 * its `prefetch done` line comes, after every secret is read once over HTTP (as callers would),
 * and after `--settle` ms: V8's memory reducer compacts the heap once the process has been
 * idle for ~8 s, so the steady-state figure (the target) is taken after it.
 */
async function measureMemory(child) {
  const idle = rssMb(child.pid);
  let done;
  while (!done) {
    const line = await child.nextLine();
    if (line.msg === 'prefetch done') done = line;
  }
  await pause(500);
  const prefetched = rssMb(child.pid);
  for (let i = 0; i < MEMORY_SECRETS; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, MEMORY_SECRETS - i) }, (_, j) =>
        fetch(`${child.url}/v1/${secretName(i + j)}`, {
          headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
        }).then((r) => {
          if (r.status !== 200) throw new Error(`${secretName(i + j)}: ${r.status}`);
          return r.arrayBuffer();
        }),
      ),
    );
  }
  await pause(500);
  const burst = rssMb(child.pid);
  let settled = burst;
  for (let waited = 0; waited < Number(flags.settle); waited += 1000) {
    await pause(1000);
    settled = rssMb(child.pid);
  }
  return { idle, prefetched, burst, settled, loaded: done.loaded };
}

/** Bundles sidecar-floor-server.mjs the way the sidecar is built; returns the file. */
async function bundleFloor(outDir) {
  const outfile = join(outDir, 'floor-server.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./sidecar-floor-server.mjs', import.meta.url))],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The SDK is a dependency of the sidecar, resolved from there, ES builds as in its tsup build.
    nodePaths: [fileURLToPath(new URL('../apps/sidecar/node_modules', import.meta.url))],
    conditions: ['module'],
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

const emu = await startEmulator({ host: '127.0.0.1', port: 0, scenario });
const dir = mkdtempSync(join(tmpdir(), 'vaultline-bench-'));
const children = [];
try {
  const { accessKeyId, secretAccessKey } = await emu.control.userCredentials('sidecar');
  const awsEnv = {
    AWS_TOKEN: TOKEN,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const sidecarArgs = (extra) => [
    ...NODE_FLAGS,
    BIN,
    '--http-port',
    '0',
    '--endpoint',
    emu.url,
    '--region',
    REGION,
    '--ttl-seconds',
    '3600',
    '--log-level',
    'info',
    ...extra,
  ];

  // 1. Throughput and p99 of cache hits. Both servers run side by side (each idle while the
  // other is loaded) and are loaded in alternating 1-second rounds, so a change in the
  // machine's load during the run falls on both alike.
  const sidecar = await startChild(sidecarArgs([]), awsEnv);
  children.push(sidecar);
  const path = `/secretsmanager/get?secretId=${encodeURIComponent(secretName(0))}`;
  const first = await fetch(`${sidecar.url}${path}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
  });
  if (first.status !== 200)
    throw new Error(`sidecar answered ${first.status}: ${await first.text()}`);
  const body = Buffer.from(await first.arrayBuffer());
  const bodyFile = join(dir, 'body.json');
  writeFileSync(bodyFile, body);
  const bare = await startChild([...NODE_FLAGS, BARE, TOKEN, bodyFile], {});
  children.push(bare);
  const rounds = { sidecar: [], bare: [] };
  for (let round = 0; round < DURATION_S; round++) {
    rounds.sidecar.push(await measuredLoad(sidecar, `${sidecar.url}${path}`, 1));
    rounds.bare.push(await measuredLoad(bare, `${bare.url}${path}`, 1));
  }
  if (flags.verbose) {
    rounds.sidecar.forEach((ours, i) => {
      const theirs = rounds.bare[i];
      const perRequest = (r) => ((r.serverCpuMs * 1000) / r.requests.total).toFixed(1);
      console.log(
        `round ${i}: sidecar ${ours.requests.total} req (${perRequest(ours)} µs CPU each), bare ${theirs.requests.total} req (${perRequest(theirs)} µs), ratio ${(ours.requests.total / theirs.requests.total).toFixed(2)}`,
      );
    });
  }
  const sidecarRun = combine(rounds.sidecar);
  const bareRun = combine(rounds.bare);
  await stop(sidecar);
  await stop(bare);

  // 2. Resident memory with MEMORY_SECRETS cached secrets, prefetched at start: the sidecar,
  // then the floor (the SDK, a Map and node:http; see sidecar-floor-server.mjs) the same way.
  const names = Array.from({ length: MEMORY_SECRETS }, (_, i) => secretName(i));
  const settingsFile = join(dir, 'sidecar.json');
  writeFileSync(
    settingsFile,
    JSON.stringify({ cache_size: MEMORY_SECRETS, prefetch: { secrets: names } }),
  );
  const memory = await startChild(sidecarArgs(['--config', settingsFile]), awsEnv);
  children.push(memory);
  const sidecarMemory = await measureMemory(memory);
  // Where the memory is, from the sidecar's own /metrics (prom-client's process metrics).
  const metricsText = await (
    await fetch(`${memory.url}/metrics`, { headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN } })
  ).text();
  const gauge = (name) =>
    Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metricsText)?.[1] ?? Number.NaN) / 1048576;
  const heap = {
    used: gauge('nodejs_heap_size_used_bytes'),
    total: gauge('nodejs_heap_size_total_bytes'),
  };
  const counters = await emu.control.counters();
  await stop(memory);
  const namesFile = join(dir, 'names.json');
  writeFileSync(namesFile, JSON.stringify(names));
  const floorBin = await bundleFloor(dir);
  const floor = await startChild(
    [...NODE_FLAGS, floorBin, emu.url, REGION, TOKEN, namesFile],
    awsEnv,
  );
  children.push(floor);
  const floorMemory = await measureMemory(floor);
  await stop(floor);

  const throughput = sidecarRun.requests.average / bareRun.requests.average;
  const p99 = sidecarRun.latency.p99 / Math.max(bareRun.latency.p99, 1);
  const row = (name, run) =>
    `| ${name.padEnd(17)} | ${run.requests.average.toFixed(0).padStart(10)} | ${run.latency.p50.toFixed(1).padStart(8)} | ${run.latency.p99.toFixed(1).padStart(8)} | ${run.cpuUsPerRequest.toFixed(1).padStart(11)} | ${String(run.non2xx).padStart(6)} | ${String(run.errors).padStart(6)} |`;
  console.log(
    `\nCache hits, ${CONNECTIONS} connections, ${DURATION_S} alternating 1-s rounds each, ${body.length}-byte body (p50, p99: median of rounds; ${PIN ? 'servers on CPU 1, autocannon on CPU 0' : 'not pinned'})`,
  );
  console.log(
    '| server            |  req/s avg | p50 (ms) | p99 (ms) | CPU µs/req | non2xx | errors |',
  );
  console.log(
    '| ----------------- | ---------: | -------: | -------: | ----------: | -----: | -----: |',
  );
  console.log(row('vaultline sidecar', sidecarRun));
  console.log(row('bare node:http', bareRun));
  console.log('');
  console.log('| figure                       | value      | target  | ok |');
  console.log('| ---------------------------- | ---------- | ------- | -- |');
  console.log(
    `| throughput vs bare           | ${(throughput * 100).toFixed(1).padStart(8)} % | >= 90 % | ${throughput >= 0.9 ? 'yes' : 'NO'} |`,
  );
  console.log(
    `| server CPU per request       | ${(sidecarRun.cpuUsPerRequest / bareRun.cpuUsPerRequest).toFixed(2).padStart(8)} x |         |    |`,
  );
  console.log(
    `| p99 vs bare                  | ${p99.toFixed(2).padStart(8)} x | <= 1.5x | ${p99 <= 1.5 ? 'yes' : 'NO'} |`,
  );
  const loaded = sidecarMemory.settled;
  console.log(
    `| RSS, ${String(MEMORY_SECRETS).padStart(5)} cached 4 KiB secrets | ${loaded.toFixed(1).padStart(7)} MB | <= 120 MB | ${loaded <= 120 ? 'yes' : 'NO'} |`,
  );
  console.log(
    `| RSS vs the floor process     | ${(loaded / floorMemory.settled).toFixed(2).padStart(8)} x |         |    |`,
  );
  console.log(
    `\nResident memory (MB), ${MEMORY_SECRETS} secrets of 4 KiB prefetched at start, then each read once over HTTP; the floor is the SDK, a Map and node:http (sidecar-floor-server.mjs)`,
  );
  console.log('| moment                        | sidecar | floor | ratio |');
  console.log('| ----------------------------- | ------: | ----: | ----: |');
  const memoryRow = (label, key) =>
    console.log(
      `| ${label.padEnd(29)} | ${sidecarMemory[key].toFixed(1).padStart(7)} | ${floorMemory[key].toFixed(1).padStart(5)} | ${(sidecarMemory[key] / floorMemory[key]).toFixed(2).padStart(5)} |`,
    );
  memoryRow('at start', 'idle');
  memoryRow('after prefetch, no reads', 'prefetched');
  memoryRow('0.5 s after the reads', 'burst');
  memoryRow(`settled (${Number(flags.settle) / 1000} s later)`, 'settled');
  console.log(
    `\nSidecar V8 heap when settled: ${heap.used.toFixed(1)} MB used of ${heap.total.toFixed(1)} MB. Prefetch: sidecar ${sidecarMemory.loaded ?? '?'} loaded (${counters['secretsmanager:BatchGetSecretValue'] ?? 0} BatchGetSecretValue, ${counters['secretsmanager:GetSecretValue'] ?? 0} GetSecretValue), floor ${floorMemory.loaded} loaded.`,
  );
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
