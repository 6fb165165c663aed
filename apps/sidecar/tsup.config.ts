import { defineConfig } from 'tsup';
import { zodEnglishOnly } from '../../tooling/build/zod-english-only.mjs';

// One self-contained file per entry, like the CLI: workspace packages are bundled from
// their sources (the `source` condition) with the AWS SDK, zod (English messages only),
// prom-client, yaml, smol-toml and pino, minified: the sidecar runs for days, and every
// module loaded from node_modules keeps its whole source in memory (about 3 MB less resident
// at start than with them external). pino was the last to go in: loaded through node's
// CommonJS loader it cost 5-6 MB of resident memory at start, bundled about 1 MB. Its
// transports, which load worker files by path, do not work from a bundle; the sidecar
// writes its lines to stdout itself and uses none.
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  splitting: false,
  sourcemap: true,
  // Minified: half the source to hold in memory (about 4 MB less resident with the SDK's ES
  // builds below). VAULTLINE_BUILD_READABLE=1 builds it readable, for CPU profiles.
  minify: !process.env.VAULTLINE_BUILD_READABLE,
  target: 'node20',
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
});
