import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temporary directory removed when disposed: `await using dir = await createTempDir()`.
 *
 * @example
 * await using dir = await createTempDir();
 * await writeFile(join(dir.path, 'vaultline.yaml'), text);
 */
export async function createTempDir(
  prefix = 'vaultline-test-',
): Promise<{ path: string } & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}
