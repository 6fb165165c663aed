// After tsup: puts the bundle (built into dist/.tsup/) and the files that ship beside it in
// dist/, each in one rename, so a `vaultline` running during a rebuild never reads half a
// file. dist/ then holds:
//   cli.js                             the bin: src/bin.cjs (version check, compile cache)
//   vaultline.cjs                      the bundle
//   package.json                       {"type":"commonjs"}: dist/cli.js is CommonJS
//   vaultline.1                        the man page, from the help text (`vaultline __man`)
//   scenarios/                         the repository's examples/scenarios/, so that
//                                      `--scenario examples/scenarios/...` of the guides
//                                      works from any folder (src/scenarios.ts)
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';

const APP = new URL('../', import.meta.url);
const DIST = fileURLToPath(new URL('dist/', APP));

/** Writes `file` under dist/ in one rename. */
function writeAtomically(file, content, mode = 0o644) {
  const temporary = `${DIST}${file}.${process.pid}`;
  writeFileSync(temporary, content);
  chmodSync(temporary, mode);
  renameSync(temporary, `${DIST}${file}`);
}

/** Moves the bundle from dist/.tsup/ to dist/ and writes the other files of dist/. */
export function finishBuild() {
  renameSync(`${DIST}.tsup/vaultline.cjs`, `${DIST}vaultline.cjs`);
  // What each package adds to the bundle (VAULTLINE_BUILD_READABLE=1 builds only).
  if (existsSync(`${DIST}.tsup/metafile-cjs.json`))
    renameSync(`${DIST}.tsup/metafile-cjs.json`, `${DIST}metafile-cjs.json`);
  rmSync(`${DIST}.tsup`, { recursive: true, force: true });
  writeAtomically('package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
  writeAtomically('cli.js', readFileSync(new URL('src/bin.cjs', APP)), 0o755);
  copyScenarios();
  writeAtomically(
    'vaultline.1',
    execFileSync(process.execPath, [`${DIST}cli.js`, '__man'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
    }),
  );
}

/** Copies examples/scenarios/ (YAML files only) to dist/scenarios/, swapped in by rename. */
function copyScenarios() {
  const source = fileURLToPath(new URL('../../examples/scenarios/', APP));
  const temporary = `${DIST}scenarios.${process.pid}`;
  cpSync(source, temporary, {
    recursive: true,
    filter: (path) => !/\.[^/]+$/.test(path) || path.endsWith('.yaml'),
  });
  rmSync(`${DIST}scenarios`, { recursive: true, force: true });
  renameSync(temporary, `${DIST}scenarios`);
}
