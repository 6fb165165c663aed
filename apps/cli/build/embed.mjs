// Turns tsup's CommonJS bundle (dist/cli-raw.cjs) into what dist/cli.js runs: the bundle as
// dist/cli-bundle-<hash>.cjs, and dist/cli.js, the small CommonJS launcher that compiles it
// with a V8 code cache at run time (dist/package.json makes dist/*.js CommonJS).
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Writes `file` in dist/ in one rename, so a running `vaultline` never sees half of it. */
function writeAtomically(file, content, mode = 0o644) {
  const temporary = `${DIST}${file}.${process.pid}`;
  writeFileSync(temporary, content);
  chmodSync(temporary, mode);
  renameSync(temporary, `${DIST}${file}`);
}

/** Writes dist/cli.js and dist/cli-bundle-<hash>.cjs from dist/cli-raw.cjs and removes the latter. */
export function embedBundle() {
  const source = readFileSync(`${DIST}cli-raw.cjs`, 'utf8');
  // import() of what the bundle does not contain: route it through the launcher, since
  // import() inside node:vm code needs a loader Node 20 lacks.
  const bundle = source.replace(/\bimport\((?=["'`])/g, 'globalThis.__vaultlineImport(');
  const left = bundle.match(/[^.\w$]import\((?!\))/g);
  if (left)
    throw new Error(`dist/cli-raw.cjs has import() calls with computed specifiers: ${left.length}`);
  // The launcher reads the minified bundle as latin1 (esbuild writes it in ASCII), which
  // needs no UTF-8 decoding; the readable build keeps comments as written, hence utf8.
  const encoding = /[^\x00-\x7f]/.test(bundle) ? 'utf8' : 'latin1';
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  const template = readFileSync(new URL('./launcher.template.cjs', import.meta.url), 'utf8');
  const launcher = template
    .replace('__BUNDLE_HASH__', JSON.stringify(hash))
    .replace('__BUNDLE_ENCODING__', JSON.stringify(encoding));
  const bundleFile = `cli-bundle-${hash}.cjs`;
  writeAtomically(bundleFile, bundle);
  writeAtomically('package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
  writeAtomically('cli.js', launcher, 0o755);
  rmSync(`${DIST}cli-raw.cjs`);
  // Bundles of earlier builds (the launcher above no longer names them).
  for (const name of readdirSync(DIST)) {
    if (/^cli-bundle.*\.cjs$/.test(name) && name !== bundleFile) rmSync(`${DIST}${name}`);
  }
}
