import { defineConfig } from 'tsup';

// One self-contained file per entry, like the CLI: workspace packages are bundled from
// their sources (the `source` condition) with the AWS SDK; other npm dependencies stay external.
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  splitting: false,
  sourcemap: true,
  minify: true,
  target: 'node20',
  // The AWS SDK is bundled too (the resolver's copy and ours must be one copy).
  noExternal: [/^@vaultline\//, /^@aws-sdk\//, /^@smithy\//],
  // The bundled AWS SDK is CommonJS and calls require() for Node built-ins.
  banner: {
    js: "import { createRequire as __vaultlineCreateRequire } from 'node:module'; const require = __vaultlineCreateRequire(import.meta.url);",
  },
  esbuildOptions(options) {
    options.conditions = ['source', 'module'];
    options.mainFields = ['module', 'main'];
  },
});
