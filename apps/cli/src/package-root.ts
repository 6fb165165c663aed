import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The CLI package's folder: above src/ when run from source, above dist/ in the bundle
 * (both one level down), so the same path works in the repository and when installed.
 *
 * @example
 * join(PACKAGE_ROOT, 'package.json');
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The version in the package's package.json, read when asked: after `changeset version`
 * bumps it, `vaultline --version` prints the new one without a rebuild.
 *
 * @example
 * packageVersion(); // '0.1.0'
 */
export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return version;
}
