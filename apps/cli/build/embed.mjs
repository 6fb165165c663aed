// Turns tsup's CommonJS bundle (dist/cli-bundle.cjs) into the one file dist/cli.js: the
// launcher template with the bundle as a string, compiled with a V8 code cache at run time.
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Writes dist/cli.js from dist/cli-bundle.cjs and removes the latter. */
export function embedBundle() {
  const source = readFileSync(`${DIST}cli-bundle.cjs`, 'utf8');
  // import() of what the bundle does not contain: route it through the launcher (an ES
  // module), since import() inside node:vm code needs a loader Node 20 lacks.
  const bundle = source.replace(/\bimport\((?=["'`])/g, 'globalThis.__vaultlineImport(');
  const left = bundle.match(/[^.\w$]import\((?!\))/g);
  if (left)
    throw new Error(
      `dist/cli-bundle.cjs has import() calls with computed specifiers: ${left.length}`,
    );
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  const template = readFileSync(new URL('./launcher.template.mjs', import.meta.url), 'utf8');
  const launcher = template
    .replace('__BUNDLE_HASH__', JSON.stringify(hash))
    .replace('__BUNDLE__', () => JSON.stringify(bundle));
  const temporary = `${DIST}cli.js.${process.pid}`;
  writeFileSync(temporary, launcher);
  chmodSync(temporary, 0o755);
  renameSync(temporary, `${DIST}cli.js`);
  rmSync(`${DIST}cli-bundle.cjs`);
}
