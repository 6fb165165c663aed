import { defineConfig } from 'tsup';

// One file, dist/cli.js. Everything is bundled (the @vaultline/* packages from their
// sources, commander, yaml, zod, the AWS SDK) so that startup reads one file instead of
// hundreds in node_modules. Modules reached only through `await import(...)` in a command
// (the resolver and the AWS SDK, the emulator) are wrapped by esbuild and evaluated only
// when that command runs. The sidecar stays external: it is loaded with its own
// dependencies (pino, prom-client) only by `vaultline dev`.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  splitting: false,
  sourcemap: true,
  noExternal: [/^(?!@vaultline\/sidecar$)/],
  external: ['@vaultline/sidecar'],
  banner: {
    // Bundled CommonJS code may require() Node's built-ins; give ESM a require for it.
    js: "#!/usr/bin/env node\nimport { createRequire as __vaultlineCreateRequire } from 'node:module';\nconst require = __vaultlineCreateRequire(import.meta.url);",
  },
  esbuildOptions(options) {
    options.conditions = ['source'];
    options.mainFields = ['module', 'main'];
  },
});
