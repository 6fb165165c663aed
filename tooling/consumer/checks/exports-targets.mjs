// The installed manifests' "exports": every target is a file npm installed, and every subpath
// of the workspace manifest is there. The workspace's `source` condition (src/*.ts, for tests
// without a build) must not reach users: src/ is not published, so a bundler that enables that
// condition would resolve to a missing file. publishConfig.exports drops it when pnpm packs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryPoints } from '../workspace.mjs';

/** Every [condition path, target] of an exports value, e.g. ['. > import', './dist/index.js']. */
function targetsOf(value, path) {
  if (typeof value === 'string') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => targetsOf(inner, `${path} > ${key}`));
}

function problemsOf(projectDir, { name, manifest }, workspaceManifest) {
  const dir = join(projectDir, 'node_modules', ...name.split('/'));
  const missingTargets = targetsOf(manifest.exports ?? {}, 'exports')
    .filter(([, target]) => !target.includes('*') && !existsSync(join(dir, target)))
    .map(([path, target]) => `${path} names ${target}, which is not in the package`);
  const installedEntries = new Set(entryPoints(manifest));
  const missingEntries = entryPoints(workspaceManifest)
    .filter((entry) => !installedEntries.has(entry))
    .map((entry) => `the workspace exports ${entry}, the published package does not`);
  return [...missingTargets, ...missingEntries];
}

/** One check per installed package; `packages` carries each workspace path. */
export function checkExportTargets(report, projectDir, installed, packages) {
  for (const entry of installed) {
    const { path } = packages.find(({ name }) => name === entry.name);
    const workspaceManifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
    const problems = problemsOf(projectDir, entry, workspaceManifest);
    const name = `exports of ${entry.name} point at installed files`;
    if (problems.length > 0) report.fail(name, problems.join('; '));
    else report.pass(name, `${targetsOf(entry.manifest.exports ?? {}, '').length} targets`);
  }
}
