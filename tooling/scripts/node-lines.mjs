#!/usr/bin/env node
// The other supported Node lines, in `npm test`: the whole suite runs on the Node the bootstrap
// chose (24 on CI); this repeats the build, the unit tests (the `*.test.ts` beside the code in
// src/; the integration tests in test/ run once, on the main line) and the consumer test on
// each other line, with that line's `node` first on PATH.
//   VAULTLINE_NODE_LINES=22,26 (default) | none
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { installNodeLine, root, SUPPORTED_LINES } from '../../scripts/node-install.mjs';

const current = Number(process.versions.node.split('.')[0]);
const requested =
  process.env.VAULTLINE_NODE_LINES ?? SUPPORTED_LINES.filter((line) => line !== current).join(',');
const lines = requested === 'none' ? [] : requested.split(',').map(Number);

const steps = [
  ['build', ['pnpm', 'exec', 'turbo', 'run', 'build', '--force', '--output-logs=errors-only']],
  ['unit tests', ['pnpm', 'exec', 'vitest', 'run', 'src/']],
  ['consumer test', ['node', 'tooling/consumer/run.mjs', '--no-build']],
];

const results = [];
for (const line of lines) {
  const { binDir, version } = installNodeLine(line);
  const env = { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}` };
  for (const [name, [command, ...args]] of steps) {
    console.log(`\n> Node ${version}: ${name}`);
    const started = Date.now();
    const { status } = spawnSync(command, args, { stdio: 'inherit', env, cwd: root });
    results.push({
      version,
      name,
      ok: status === 0,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    if (status !== 0) break;
  }
}
for (const { version, name, ok, seconds } of results) {
  console.log(
    `Node ${version.padEnd(9)} ${name.padEnd(14)} ${ok ? 'passed' : 'FAILED'} (${seconds} s)`,
  );
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
