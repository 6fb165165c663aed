import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'emulator', environment: 'node', testTimeout: 180_000, hookTimeout: 20_000 },
});
