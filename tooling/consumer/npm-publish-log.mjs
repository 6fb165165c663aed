// What `npm publish` did, read back from npm's own debug logs (pnpm publish runs npm publish
// on the tarball it packed): the arguments it was given and the line npm prints before it
// publishes, "Publishing to <registry> with tag latest and public access (dry-run)".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tarball name pnpm gives a package: '@vaultline/config' 0.1.0 -> 'vaultline-config-0.1.0.tgz'. */
export const tarballName = (name, version) =>
  `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** One entry per `npm publish` logged in `dir`: { argv: string[], notice: string | undefined }. */
export function npmPublishes(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .map((log) => ({
      argv: [...(/ verbose argv (.*)$/m.exec(log)?.[1] ?? '').matchAll(/"([^"]*)"/g)].map(
        ([, arg]) => arg,
      ),
      notice: / notice (Publishing to .*)$/m.exec(log)?.[1],
    }))
    .filter(({ argv }) => argv[0] === 'publish');
}
