import { relative } from 'node:path';

/**
 * A path as people should see it: relative to the working directory when inside it,
 * absolute otherwise (no `../../`).
 *
 * @example
 * displayPath('/work', '/work/.vaultline-dev/vaultline.yaml'); // '.vaultline-dev/vaultline.yaml'
 */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') ? path : shown;
}
