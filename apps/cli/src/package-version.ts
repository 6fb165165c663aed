import { readFileSync } from 'node:fs';

/**
 * The version in the CLI's package.json, read when asked, so after `changeset version` bumps
 * it, `vaultline --version` prints the new one without a rebuild. The file is one level
 * above this module both in the repository (src/) and in the bundle (dist/vaultline.cjs).
 *
 * @example
 * packageVersion(); // '0.1.0'
 */
export function packageVersion(): string {
  const file = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
