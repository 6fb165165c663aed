#!/usr/bin/env node
// The consumer test: every public package of the workspace, packed and installed with npm into
// a fresh project outside it, used as a consumer would. See README.md.
//   node tooling/consumer/run.mjs [--no-build] [--keep]
// Runs on the `node` that runs it (put another Node first on PATH to try it), prints one line
// per check and `N passed, N failed` last; exits 1 when a check failed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCli } from './checks/cli.mjs';
import { checkExportTargets } from './checks/exports-targets.mjs';
import { checkModules } from './checks/modules.mjs';
import { checkReadmeExamples, readmeExamples } from './checks/readme.mjs';
import { checkTypes } from './checks/types.mjs';
import { childEnv, failureOf, run } from './process.mjs';
import { createNpmProject, installedManifest, packAll, strayNodeModules } from './project.mjs';
import { createReport } from './report.mjs';
import { publicPackages } from './workspace.mjs';
import { startWorld } from './world.mjs';

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const args = new Set(process.argv.slice(2));
const report = createReport();
const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const npmVersion = (await run('npm', ['--version'], { env: childEnv() })).stdout.trim();
report.note(
  `Node ${process.version} (${process.execPath}), npm ${npmVersion}, ${process.platform}-${process.arch}`,
);

const work = mkdtempSync(join(tmpdir(), 'vaultline-consumer-'));
const projectDir = join(work, 'project');
try {
  await main();
} catch (error) {
  report.fail('consumer test', error instanceof Error ? error.stack : String(error));
} finally {
  if (args.has('--keep')) report.note(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  report.note(`took ${seconds(started)}`);
  process.exitCode = report.finish();
}

async function main() {
  if (!args.has('--no-build')) {
    const ok = await report.check('build (turbo run build)', async () => {
      const result = await run(
        'pnpm',
        ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'],
        { cwd: root, timeoutMs: 600_000 },
      );
      if (result.code !== 0) throw new Error(failureOf(result, 600_000));
    });
    if (!ok) return;
  }

  const packages = await publicPackages(root);
  let tarballs;
  const packed = await report.check('pnpm pack of every public package', async () => {
    const since = performance.now();
    tarballs = await packAll(packages, join(work, 'tarballs'));
    return `${packages.map(({ name, version }) => `${name}@${version}`).join(', ')} in ${seconds(since)}`;
  });
  if (!packed) return;

  const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const fromRegistry = ['typescript', '@types/node'].map(
    (name) => `${name}@${devDependencies[name]}`,
  );
  const installed = [];
  const ready = await report.check('npm install of the tarballs into a fresh project', async () => {
    const stray = strayNodeModules(projectDir);
    if (stray.length > 0)
      throw new Error(
        `${stray.join(', ')} would be visible to the project; remove it or set TMPDIR`,
      );
    const since = performance.now();
    await createNpmProject(projectDir, tarballs, fromRegistry);
    for (const { name } of packages)
      installed.push({ name, manifest: installedManifest(projectDir, name) });
    return `${projectDir} with ${fromRegistry.join(', ')} in ${seconds(since)}`;
  });
  if (!ready) return;

  checkExportTargets(report, projectDir, installed, packages);
  const exportedNames = await checkModules(report, projectDir, installed);

  const examples = readmeExamples(report, projectDir, installed);
  const world = await startWorld(projectDir).catch((error) => error);
  try {
    await checkReadmeExamples(report, projectDir, examples, world);
  } finally {
    if (!(world instanceof Error)) await world.close();
  }

  await checkTypes(report, projectDir, installed, exportedNames, examples);

  const cli = installed.find(
    ({ manifest }) => typeof manifest.bin === 'object' && 'vaultline' in manifest.bin,
  );
  if (cli) await checkCli(report, projectDir, cli);
  else report.fail('vaultline CLI', 'no public package has a `vaultline` bin');
}
