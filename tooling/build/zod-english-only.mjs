// An esbuild plugin for the apps' bundles (tsup's `esbuildPlugins`). zod re-exports every
// locale (`z.locales` and `z.core.locales`, about 40 languages, a quarter of zod's code);
// vaultline's messages are English, so a bundle keeps only `en`: less to parse at start and
// less source and code held in memory for the life of the process.
import { dirname, join } from 'node:path';

/** @type {import('esbuild').Plugin} */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};
