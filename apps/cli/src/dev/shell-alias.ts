// `vaultline dev` prints commands as users type them (`vaultline ...`). In a clone of the
// repository (`npm start`) no `vaultline` is on PATH, and the `node` there may be one we do
// not support (the bootstrap runs its own Node 24), so those commands would fail as typed.
// Then dev also prints one alias line that makes every printed command work in that shell.
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable `name` on `path`, or undefined. */
function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; the next PATH entry
    }
  }
  return undefined;
}

const realpathOrSelf = (file: string): string => {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
};

const PLAIN = /^[\w@%+=:,./-]+$/;
/** A path as one shell word, in double quotes when it needs any (it sits in single quotes). */
const word = (text: string): string =>
  PLAIN.test(text) ? text : `"${text.replace(/["$`\\]/g, '\\$&')}"`;
/** POSIX shell single quotes around the alias's command. */
const singleQuoted = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

export interface AliasInputs {
  path: string | undefined;
  /** The running node (process.execPath). */
  execPath: string;
  /** The running CLI script (process.argv[1]). */
  script: string;
}

/**
 * `alias vaultline='<this node> <cli.js>'` when no `vaultline` is on PATH, else undefined.
 *
 * @example
 * shellAlias({ path: '/usr/bin', execPath: '/opt/node24/bin/node', script: '/src/vaultline/apps/cli/dist/cli.js' });
 * // "alias vaultline='/opt/node24/bin/node /src/vaultline/apps/cli/dist/cli.js'"
 */
export function shellAlias({ path, execPath, script }: AliasInputs): string | undefined {
  if (findOnPath('vaultline', path)) return undefined;
  // The node by its full path: the PATH dev sees may not be the user's shell's (npm start
  // puts the Node it installed first for its children, while the shell keeps Node 20).
  return `alias vaultline=${singleQuoted(`${word(execPath)} ${word(realpathOrSelf(script))}`)}`;
}
