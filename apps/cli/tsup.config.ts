import { defineConfig } from 'tsup';
import { zodEnglishOnly } from '../../tooling/build/zod-english-only.mjs';
import { finishBuild } from './build/finish.mjs';

// One bundle, dist/vaultline.cjs, loaded by the bin dist/cli.js (src/bin.cjs, copied by
// build/finish.mjs). Everything is bundled (the @vaultline/* packages, the sidecar among them,
// from their sources; commander, yaml, zod, pino, the AWS SDK) so that the package has no
// dependencies to install and startup reads one file instead of hundreds in node_modules.
// Modules reached only through `await import(...)` in a command (the resolver and the AWS
// SDK, the emulator, the sidecar) are wrapped by esbuild and evaluated only when that
// command runs.
export default defineConfig({
  entry: { vaultline: 'src/cli.ts' },
  // Into dist/.tsup/, then moved into dist/ in one rename (build/finish.mjs).
  outDir: 'dist/.tsup',
  // CommonJS: Node loads it without its ES module loader.
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  platform: 'node',
  target: 'node22',
  dts: false,
  // `import.meta.url` (src/package-root.ts) as the bundle's own file URL.
  shims: true,
  splitting: false,
  sourcemap: false,
  // Smaller source reads, hashes and loads faster at every start (stack traces under --verbose
  // are minified; VAULTLINE_BUILD_READABLE=1 builds it unminified, with module comments, for
  // profiling).
  minify: !process.env.VAULTLINE_BUILD_READABLE,
  esbuildPlugins: [zodEnglishOnly],
  // dist/metafile-cjs.json (what each package adds to the bundle), with the readable build.
  metafile: Boolean(process.env.VAULTLINE_BUILD_READABLE),
  noExternal: [/./],
  onSuccess: async () => finishBuild(),
  esbuildOptions(options) {
    // `module` too (esbuild drops its default `module` condition once conditions are set): the
    // AWS SDK's packages then resolve to their ES builds, which esbuild can tree-shake and
    // defer, instead of their one-file CommonJS builds (about 100 kB less to parse).
    options.conditions = ['source', 'module'];
    options.mainFields = ['module', 'main'];
    // The bundle's import() calls left are of Node built-ins (the SDK's HTTP handler imports
    // `http` on its first request): as require() calls they do not start Node's ES module
    // loader.
    options.supported = { ...options.supported, 'dynamic-import': false };
  },
});
