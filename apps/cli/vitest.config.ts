import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'cli',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    environment: 'node',
    // The end-to-end tests run dist/cli.js; this builds it when missing or stale.
    globalSetup: ['./test/global-setup.ts'],
  },
});
