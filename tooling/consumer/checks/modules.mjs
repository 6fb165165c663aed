// import() and require() of every export of every installed package: per package one node
// running an .mjs and one running a .cjs, both in the consumer project, so one package's
// load cannot hide another's failure.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLimit } from '../limit.mjs';
import { failureOf, run } from '../process.mjs';
import { entryPoints, isJsonEntry, specifierOf } from '../workspace.mjs';

const TIMEOUT_MS = 60_000;
const probes = new URL('../probes/', import.meta.url);

/** Map of specifier -> { names } or { error } from one probe process. */
async function probe(projectDir, file, specifiers) {
  const result = await run(process.execPath, [file, ...specifiers], {
    cwd: projectDir,
    timeoutMs: TIMEOUT_MS,
  });
  const outcomes = new Map(
    result.stdout
      .split('\n')
      .filter((line) => line.startsWith('PROBE '))
      .map((line) => JSON.parse(line.slice('PROBE '.length)))
      .map(({ specifier, ...outcome }) => [specifier, outcome]),
  );
  for (const specifier of specifiers) {
    if (!outcomes.has(specifier))
      outcomes.set(specifier, {
        error: `the probe died before it: ${failureOf(result, TIMEOUT_MS)}`,
      });
  }
  return outcomes;
}

function reportRequire(report, specifier, json, imported, required) {
  const name = `require ${specifier}`;
  if (required.error) return report.fail(name, required.error);
  if (json || !imported.names)
    return report.pass(name, json ? 'JSON' : `${required.names.length} exports`);
  const missing = imported.names.filter((exported) => !required.names.includes(exported));
  if (missing.length > 0)
    return report.fail(name, `lacks ${missing.join(', ')}, which import() has`);
  report.pass(name, `the same ${imported.names.length} exports as import()`);
}

/**
 * Reports `import <specifier>` and `require <specifier>` for each export; resolves a Map of
 * specifier -> the names import() found, for the type check.
 */
export async function checkModules(report, projectDir, installed) {
  for (const file of ['import.mjs', 'require.cjs'])
    copyFileSync(new URL(file, probes), join(projectDir, `probe-${file}`));
  const perPackage = installed.map(({ name, manifest }) =>
    entryPoints(manifest).map((entry) => specifierOf(name, entry)),
  );
  const outcomes = await mapLimit(perPackage, 2, async (specifiers) => ({
    imported: await probe(projectDir, 'probe-import.mjs', specifiers),
    required: await probe(projectDir, 'probe-require.cjs', specifiers),
  }));
  const exportedNames = new Map();
  perPackage.forEach((specifiers, index) => {
    const { imported, required } = outcomes[index];
    for (const specifier of specifiers) {
      const json = isJsonEntry(specifier);
      const importedOutcome = imported.get(specifier);
      if (importedOutcome.error) report.fail(`import ${specifier}`, importedOutcome.error);
      else {
        exportedNames.set(specifier, importedOutcome.names);
        report.pass(
          `import ${specifier}`,
          json ? 'JSON' : `${importedOutcome.names.length} exports`,
        );
      }
      reportRequire(report, specifier, json, importedOutcome, required.get(specifier));
    }
  });
  return exportedNames;
}
