import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.js';

/**
 * Writes a file whole or not at all: the text goes to a temporary file in the same folder,
 * created with `mode` (0600 for a file with a secret, so it is never readable by others,
 * not even for a moment), flushed to disk, then moved into place. With `overwrite` it
 * replaces what is there (a rename: the old file's 0644 never applies to the new text);
 * without, an existing file is a CliError FILE_EXISTS, checked by the move itself.
 *
 * @example
 * await writePrivateFile('vaultline.yaml', text, { mode: 0o600, overwrite: false });
 */
export async function writePrivateFile(
  path: string,
  text: string,
  options: { mode: number; overwrite: boolean },
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx', options.mode);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temporary, path);
    } else {
      await placeWithoutReplacing(temporary, path);
    }
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

/** A hard link fails when the target exists, so nothing written meanwhile is replaced. */
async function placeWithoutReplacing(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(path, error);
    // A filesystem without hard links: an exclusive copy keeps the same guarantee.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    await copyFile(temporary, path, constants.COPYFILE_EXCL).catch((copyError) => {
      throw (copyError as NodeJS.ErrnoException).code === 'EEXIST'
        ? exists(path, copyError)
        : copyError;
    });
  }
  await unlink(temporary);
}

const exists = (path: string, cause: unknown) =>
  new CliError(
    'FILE_EXISTS',
    `${basename(path)} appeared while init was writing it; not overwriting it`,
    {
      hint: 'add --force to replace it, or --config OTHER.yaml to write elsewhere',
      cause,
    },
  );
