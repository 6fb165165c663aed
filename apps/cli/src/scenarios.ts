import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';

/**
 * The example scenarios shipped with the CLI: dist/scenarios/ in the package (copied from
 * the repository's examples/scenarios/ by build/finish.mjs); examples/scenarios/ itself when
 * running from the sources.
 */
function shippedScenarioDirs(): string[] {
  return [
    fileURLToPath(new URL('./scenarios/', import.meta.url)),
    fileURLToPath(new URL('../../../examples/scenarios/', import.meta.url)),
  ].filter((dir) => existsSync(dir));
}

const REPOSITORY_PREFIX = /^(\.\/)?examples\/scenarios\//;

/** The names `--scenario` accepts without a file (single-account, matrix/role-based, ...). */
export function shippedScenarioNames(): string[] {
  const dir = shippedScenarioDirs()[0];
  if (!dir) return [];
  const names = (sub: string): string[] =>
    readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? names(join(sub, entry.name))
        : entry.name.endsWith('.yaml')
          ? [join(sub, entry.name.slice(0, -'.yaml'.length))]
          : [],
    );
  return names('').sort();
}

/**
 * The file `--scenario` names: a path relative to the working directory when it exists
 * there; else one of the scenarios shipped with vaultline, given as in the guides
 * (`examples/scenarios/matrix/role-based.yaml`) or by name (`matrix/role-based`), so the
 * guides work from any folder. A CliError (exit 2) listing the names otherwise.
 *
 * @example
 * resolveScenarioPath(process.cwd(), 'examples/scenarios/cross-account.yaml');
 */
export function resolveScenarioPath(cwd: string, given: string): string {
  const local = isAbsolute(given) ? given : join(cwd, given);
  if (existsSync(local) || isAbsolute(given)) return local;
  const relative = given.replace(REPOSITORY_PREFIX, '');
  for (const dir of shippedScenarioDirs()) {
    for (const candidate of [relative, `${relative}.yaml`]) {
      const file = join(dir, candidate);
      if (existsSync(file) && candidate.endsWith('.yaml')) return file;
    }
  }
  throw new CliError('USAGE', `no scenario file at ${given}`, {
    hint: `give a scenario file, or one shipped with vaultline: ${shippedScenarioNames().join(', ')}`,
  });
}
