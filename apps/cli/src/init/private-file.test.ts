import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { writePrivateFile } from './private-file.js';

describe('writePrivateFile', () => {
  it('creates the file with the mode asked for, leaving no temporary file', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    await writePrivateFile(file, 'secret: x\n', { mode: 0o600, overwrite: false });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('secret: x\n');
    expect(await readdir(dir.path)).toEqual(['vaultline.yaml']);
  });

  it('never replaces a file that exists unless asked, even one that appeared after the check', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    await writeFile(file, 'keep me\n');
    await expect(
      writePrivateFile(file, 'secret: x\n', { mode: 0o600, overwrite: false }),
    ).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
    expect(await readdir(dir.path)).toEqual(['vaultline.yaml']);
  });

  it('replaces a 0644 file by a new 0600 one when asked', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    await writeFile(file, 'old\n', { mode: 0o644 });
    const before = await stat(file);
    await writePrivateFile(file, 'secret: x\n', { mode: 0o600, overwrite: true });
    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readdir(dir.path)).toEqual(['vaultline.yaml']);
  });
});
