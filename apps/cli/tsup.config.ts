import { defineConfig } from 'tsup';
import { zodEnglishOnly } from '../../tooling/build/zod-english-only.mjs';
import { embedBundle } from './build/embed.mjs';

// One bundle, dist/cli-raw.cjs, which build/embed.mjs turns into dist/cli-bundle-<hash>.cjs
// and its launcher dist/cli.js. Everything is bundled (the @vaultline/* packages from their
// sources, commander, yaml, zod, the AWS SDK) so that startup reads one file instead of
// hundreds in node_modules. Modules reached only through `await import(...)` in a command
// (the resolver and the AWS SDK, the emulator) are wrapped by esbuild and evaluated only
// when that command runs. The sidecar stays external: it is loaded with its own
// dependencies (pino, prom-client) only by `vaultline dev`.
export default defineConfig({
  entry: { 'cli-raw': 'src/cli.ts' },
  // CommonJS, so build/embed.mjs can compile it with node:vm and a V8 code cache.
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  platform: 'node',
  target: 'node20',
  dts: false,
  // Not cleaned: dist/cli.js and its bundle are each replaced in one rename, so a test or
  // `vaultline` running during a rebuild never finds them missing.
  clean: false,
  splitting: false,
  sourcemap: false,
  // Smaller source parses faster at every start (stack traces under --verbose are minified;
  // VAULTLINE_BUILD_READABLE=1 builds it unminified, with module comments, for profiling).
  minify: !process.env.VAULTLINE_BUILD_READABLE,
  esbuildPlugins: [zodEnglishOnly],
  // dist/metafile-cjs.json (what each package adds to the bundle), with the readable build.
  metafile: Boolean(process.env.VAULTLINE_BUILD_READABLE),
  noExternal: [/^(?!@vaultline\/sidecar$)/],
  external: ['@vaultline/sidecar'],
  onSuccess: async () => embedBundle(),
  esbuildOptions(options) {
    // `module` too (esbuild drops its default `module` condition once conditions are set): the
    // AWS SDK's packages then resolve to their ES builds, which esbuild can tree-shake and
    // defer, instead of their one-file CommonJS builds (about 100 kB less to parse).
    options.conditions = ['source', 'module'];
    options.mainFields = ['module', 'main'];
  },
});
