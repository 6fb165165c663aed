import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'iam/index': 'src/iam/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  splitting: false,
  sourcemap: true,
  target: 'node22',
});
