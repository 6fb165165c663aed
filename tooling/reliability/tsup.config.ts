import { defineConfig } from 'tsup';

// The runner imports the emulator, config and secret-names from their built dist (turbo
// builds them first), and spawns the sidecar and CLI from their built bins.
export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  splitting: false,
  sourcemap: true,
  target: 'node20',
});
