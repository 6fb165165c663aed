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
    // Other builds measured in the same alternating rounds as the first, e.g. the build before
    // a change (repeat the option for several): a row each, and their CPU per request
    // against the first's.
    compare: { type: 'string', multiple: true, default: [] },
    // Only the cache-hit rounds (for repeated A/B runs): no memory measurement.
    'skip-memory': { type: 'boolean', default: false },
    // Run the servers and the load generator on any CPU instead of one each (see below).
    'no-pin': { type: 'boolean', default: false },
    // Per-round figures, and the servers' own non-JSON output (--trace-gc) on stderr.
    verbose: { type: 'boolean', default: false },
  },
});
const BIN =
  flags['sidecar-bin'] ?? fileURLToPath(new URL('../apps/sidecar/dist/bin.js', import.meta.url));
const COMPARE_BINS = flags.compare;
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

/** The body of the first answer of a server to `path`; throws unless it is a 200. */
async function firstBody(child, path) {
  const response = await fetch(`${child.url}${path}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
  });
  if (response.status !== 200)
    throw new Error(`sidecar answered ${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
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
  const sidecarArgs = (extra, bin = BIN) => [
    ...NODE_FLAGS,
    bin,
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

  // 1. Throughput and p99 of cache hits. The servers run side by side (each idle while another
  // is loaded) and are loaded in alternating 1-second rounds, so a change in the machine's load
  // during the run falls on all alike; the order rotates each round, so none always follows
  // the same one.
  const sidecar = await startChild(sidecarArgs([]), awsEnv);
  children.push(sidecar);
  const path = `/secretsmanager/get?secretId=${encodeURIComponent(secretName(0))}`;
  const body = await firstBody(sidecar, path);
  const bodyFile = join(dir, 'body.json');
  writeFileSync(bodyFile, body);
  const bare = await startChild([...NODE_FLAGS, BARE, TOKEN, bodyFile], {});
  children.push(bare);
  const servers = [
    { name: 'vaultline sidecar', child: sidecar, rounds: [] },
    { name: 'bare node:http', child: bare, rounds: [] },
  ];
  for (const [index, bin] of COMPARE_BINS.entries()) {
    const other = await startChild(sidecarArgs([], bin), awsEnv);
    children.push(other);
    if (!(await firstBody(other, path)).equals(body)) {
      throw new Error(`${bin} answers another body than ${BIN}`);
    }
    servers.splice(-1, 0, { name: `compared ${index + 1}`, bin, child: other, rounds: [] });
  }
  // One unmeasured round each first: the servers' code is compiled and optimised in it.
  for (const server of servers) await load(`${server.child.url}${path}`, 1);
  for (let round = 0; round < DURATION_S; round++) {
    for (let i = 0; i < servers.length; i++) {
      const server = servers[(round + i) % servers.length];
      server.rounds.push(await measuredLoad(server.child, `${server.child.url}${path}`, 1));
    }
  }
  const [sidecarServer, ...others] = servers;
  const bareServer = servers.at(-1);
  if (flags.verbose) {
    const perRequest = (r) => ((r.serverCpuMs * 1000) / r.requests.total).toFixed(1);
    sidecarServer.rounds.forEach((ours, i) => {
      const rest = others
        .map((o) => `${o.name} ${o.rounds[i].requests.total} req (${perRequest(o.rounds[i])} µs)`)
        .join(', ');
      console.log(
        `round ${i}: sidecar ${ours.requests.total} req (${perRequest(ours)} µs CPU each), ${rest}`,
      );
    });
  }
  const runs = servers.map((server) => ({ name: server.name, run: combine(server.rounds) }));
  const sidecarRun = combine(sidecarServer.rounds);
  const bareRun = combine(bareServer.rounds);
  for (const server of servers) await stop(server.child);

  // 2. Resident memory with MEMORY_SECRETS cached secrets, prefetched at start: the sidecar
  // (and the compared build), then the floor (the SDK, a Map and node:http; see
  // sidecar-floor-server.mjs) the same way.
  let memory;
  if (!flags['skip-memory']) {
    const names = Array.from({ length: MEMORY_SECRETS }, (_, i) => secretName(i));
    const settingsFile = join(dir, 'sidecar.json');
    writeFileSync(
      settingsFile,
      // Prefetching fills at most cache_buffer_ratio (0.8, as the agent) of cache_size: room for
      // all of them, in a file that builds from before that setting also read.
      JSON.stringify({ cache_size: Math.ceil(MEMORY_SECRETS / 0.8), prefetch: { secrets: names } }),
    );
    const sidecarMemory = async (bin) => {
      await emu.control.resetCounters();
      const child = await startChild(sidecarArgs(['--config', settingsFile], bin), awsEnv);
      children.push(child);
      const figures = await measureMemory(child);
      // Where the memory is, from the sidecar's own /metrics (prom-client's process metrics).
      const metricsText = await (
        await fetch(`${child.url}/metrics`, {
          headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
        })
      ).text();
      const gauge = (name) =>
        Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metricsText)?.[1] ?? Number.NaN) / 1048576;
      figures.heap = {
        used: gauge('nodejs_heap_size_used_bytes'),
        total: gauge('nodejs_heap_size_total_bytes'),
      };
      figures.counters = await emu.control.counters();
      await stop(child);
      return figures;
    };
    const ours = await sidecarMemory(BIN);
    // The memory of the first compared build only: each takes a minute.
    const theirs = COMPARE_BINS.length > 0 ? await sidecarMemory(COMPARE_BINS[0]) : undefined;
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
    memory = { ours, theirs, floor: floorMemory };
  }

  const throughput = sidecarRun.requests.average / bareRun.requests.average;
  const p99 = sidecarRun.latency.p99 / Math.max(bareRun.latency.p99, 1);
  const row = (name, run) =>
    `| ${name.padEnd(17)} | ${run.requests.average.toFixed(0).padStart(10)} | ${run.latency.p50.toFixed(1).padStart(8)} | ${run.latency.p99.toFixed(1).padStart(8)} | ${run.cpuUsPerRequest.toFixed(1).padStart(11)} | ${String(run.non2xx).padStart(6)} | ${String(run.errors).padStart(6)} |`;
  console.log(
    `\nCache hits, ${CONNECTIONS} connections, ${DURATION_S} alternating 1-s rounds each, ${body.length}-byte body (p50, p99: median of rounds; ${PIN ? 'servers on CPU 1, autocannon on CPU 0' : 'not pinned'})`,
  );
  if (COMPARE_BINS.length > 0) {
    console.log(`vaultline sidecar: ${BIN}`);
    for (const server of servers.filter((s) => s.bin)) console.log(`${server.name}: ${server.bin}`);
  }
  console.log(
    '| server            |  req/s avg | p50 (ms) | p99 (ms) | CPU µs/req | non2xx | errors |',
  );
  console.log(
    '| ----------------- | ---------: | -------: | -------: | ----------: | -----: | -----: |',
  );
  for (const { name, run } of runs) console.log(row(name, run));
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
  // Against the first build: CPU per request over all rounds, and the median of the ratios of
  // rounds run one after the other (less moved by the machine's load changing during the run).
  const perRequest = (r) => r.serverCpuMs / r.requests.total;
  for (const server of servers.filter((s) => s.bin)) {
    const run = combine(server.rounds);
    const paired = median(
      server.rounds.map((r, i) => perRequest(r) / perRequest(sidecarServer.rounds[i])),
    );
    console.log(
      `| CPU/request, ${server.name} / first | ${(run.cpuUsPerRequest / sidecarRun.cpuUsPerRequest).toFixed(3)} x (paired rounds: median ${paired.toFixed(3)} x) |         |    |`,
    );
  }
  if (memory) {
    const loaded = memory.ours.settled;
    console.log(
      `| RSS, ${String(MEMORY_SECRETS).padStart(5)} cached 4 KiB secrets | ${loaded.toFixed(1).padStart(7)} MB | <= 120 MB | ${loaded <= 120 ? 'yes' : 'NO'} |`,
    );
    console.log(
      `| RSS vs the floor process     | ${(loaded / memory.floor.settled).toFixed(2).padStart(8)} x |         |    |`,
    );
    console.log(
      `\nResident memory (MB), ${MEMORY_SECRETS} secrets of 4 KiB prefetched at start, then each read once over HTTP; the floor is the SDK, a Map and node:http (sidecar-floor-server.mjs)`,
    );
    const columns = memory.theirs ? ['ours', 'theirs', 'floor'] : ['ours', 'floor'];
    const titles = { ours: 'sidecar', theirs: 'compared 1', floor: 'floor' };
    console.log(
      `| moment                        | ${columns.map((c) => titles[c].padStart(8)).join(' | ')} | ratio |`,
    );
    console.log(
      `| ----------------------------- | ${columns.map(() => '-------:').join(' | ')} | ----: |`,
    );
    const memoryRow = (label, key) =>
      console.log(
        `| ${label.padEnd(29)} | ${columns.map((c) => memory[c][key].toFixed(1).padStart(8)).join(' | ')} | ${(memory.ours[key] / memory.floor[key]).toFixed(2).padStart(5)} |`,
      );
    memoryRow('at start', 'idle');
    memoryRow('after prefetch, no reads', 'prefetched');
    memoryRow('0.5 s after the reads', 'burst');
    memoryRow(`settled (${Number(flags.settle) / 1000} s later)`, 'settled');
    for (const column of columns.filter((c) => c !== 'floor')) {
      const { heap, counters, loaded: count } = memory[column];
      console.log(
        `\n${titles[column]} V8 heap when settled: ${heap.used.toFixed(1)} MB used of ${heap.total.toFixed(1)} MB. Prefetch: ${count ?? '?'} loaded (${counters['secretsmanager:BatchGetSecretValue'] ?? 0} BatchGetSecretValue, ${counters['secretsmanager:GetSecretValue'] ?? 0} GetSecretValue).`,
      );
    }
    console.log(`Floor: ${memory.floor.loaded} loaded.`);
  }
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
