import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/strategies/access-key/index.ts',
    'src/strategies/instance-profile/index.ts',
    'src/strategies/role-based/index.ts',
    'src/strategies/default-chain/index.ts',
  ],
  format: ['esm'],
  dts: true,
  clean: true,
  splitting: false,
  sourcemap: true,
  target: 'node22',
});
