import { chmod, copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { zodEnglishOnly } from '../../tooling/build/zod-english-only.mjs';

// One self-contained file, dist/index.js: workspace packages are bundled from their sources
// (the `source` condition) with the AWS SDK, zod (English messages only), prom-client, yaml,
// smol-toml and pino, minified: the sidecar runs for days, and every module loaded from
// node_modules keeps its whole source in memory (about 3 MB less resident at start than with
// them external). pino was the last to go in: loaded through node's CommonJS loader it cost
// 5-6 MB of resident memory at start, bundled about 1 MB. Its transports, which load worker
// files by path, do not work from a bundle; the sidecar writes its lines to stdout itself and
// uses none. Everything the bundle loads is in it; see `dts` below for the declared dependencies.
//
// The bin, dist/bin.js, is src/bin.js as written (a version check, then dist/index.js).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  // The declarations import types of zod, pino, prom-client and @vaultline/resolver, which
  // package.json declares as dependencies for that reason alone (the bundle loads none of them).
  dts: { entry: 'src/index.ts' },
  clean: true,
  splitting: false,
  // No source maps: for this minified bundle they were 4 MB (mostly the AWS SDK's sources),
  // and Node reads them only with --enable-source-maps. Stack traces of unexpected errors are
  // in the log; VAULTLINE_BUILD_READABLE=1 builds a readable bundle to debug or profile.
  sourcemap: false,
  // Minified: half the source to hold in memory (about 4 MB less resident with the SDK's ES
  // builds below). VAULTLINE_BUILD_READABLE=1 builds it readable, for CPU profiles.
  minify: !process.env.VAULTLINE_BUILD_READABLE,
  target: 'node22',
  // The AWS SDK is bundled too (the resolver's copy and ours must be one copy).
  noExternal: [
    /^@vaultline\//,
    /^@aws-sdk\//,
    /^@smithy\//,
    /^zod(\/|$)/,
    /^prom-client$/,
    /^yaml$/,
    /^smol-toml$/,
    /^pino$/,
  ],
  esbuildPlugins: [zodEnglishOnly],
  // Parts of the bundled AWS SDK are CommonJS and call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __vaultlineCreateRequire } from 'node:module'; const require = __vaultlineCreateRequire(import.meta.url);",
  },
  esbuildOptions(options) {
    // `module` too (esbuild drops its default once conditions are set): the AWS SDK's packages
    // then resolve to their ES builds, which esbuild can tree-shake, as in the CLI's bundle.
    options.conditions = ['source', 'module'];
    options.mainFields = ['module', 'main'];
  },
  onSuccess: async () => {
    await copyFile('src/bin.js', 'dist/bin.js');
    await chmod('dist/bin.js', 0o755);
  },
});
