import { defineConfig } from 'vitest/config';

// One config, one project per workspace package. The `source` condition makes imports of
// @vaultline/* resolve to src/, so tests on a clean checkout need no build of dependencies.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/*'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
