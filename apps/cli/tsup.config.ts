import { defineConfig } from 'tsup';

// One file, dist/cli.js, with every @vaultline/* package inlined from its sources (the
// `source` export condition); npm dependencies (commander, zod, yaml) stay external.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  splitting: false,
  sourcemap: true,
  noExternal: [/^@vaultline\//],
  banner: { js: '#!/usr/bin/env node' },
  esbuildOptions(options) {
    options.conditions = ['source'];
  },
});
