import { closeSync, fstatSync, openSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SidecarError } from '../errors.js';
import { checkFileMode, type FileModePolicy } from './file-mode.js';
import { checkTokenStrength } from './token-strength.js';

/** Where a token's value lives: inline, in a file (watched), or in an environment variable. */
export type TokenLocation =
  | { kind: 'literal'; value: string }
  | { kind: 'file'; path: string }
  | { kind: 'env'; name: string };

/**
 * Reads the agent's token notation: `file:///path` (or `file://path`, as the agent strips
 * `file://`) means the file's trimmed contents; vaultline adds `env:NAME`.
 *
 * @example
 * parseTokenLocation('file:///var/run/awssmatoken'); // { kind: 'file', path: '/var/run/awssmatoken' }
 */
export function parseTokenLocation(value: string): TokenLocation {
  if (value.startsWith('file://')) return { kind: 'file', path: tokenFilePath(value) };
  if (value.startsWith('env:')) return { kind: 'env', name: value.slice('env:'.length) };
  return { kind: 'literal', value };
}

/** The path in a `file://` token value. */
export function tokenFilePath(value: string): string {
  return value.startsWith('file:///') ? fileURLToPath(value) : value.slice('file://'.length);
}

const unreadable = (path: string, error: unknown) =>
  new SidecarError(
    'TOKEN_FILE_UNREADABLE',
    `cannot read the token file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}): create it, or give the sidecar's user read access`,
    { cause: error },
  );

/**
 * Reads a token file: its contents with surrounding whitespace removed. Refuses a file that
 * group or others can write, one every user can read (unless the policy allows it), an
 * empty one and a weak token. The mode is read from the open file, so a swap between the
 * check and the read cannot slip a different file in.
 *
 * @example
 * readTokenFile('/run/vaultline/token', { allowWorldReadable: false });
 */
export function readTokenFile(path: string, policy: FileModePolicy): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  let text: string;
  try {
    checkFileMode(path, fstatSync(fd).mode, 'token file', policy);
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof SidecarError) throw error;
    throw unreadable(path, error);
  } finally {
    closeSync(fd);
  }
  const token = text.trim();
  if (token.length === 0) {
    throw new SidecarError(
      'TOKEN_FILE_UNREADABLE',
      `the token file ${path} is empty: write a random token into it (for example: openssl rand -hex 32 > ${path})`,
    );
  }
  checkTokenStrength(token, `in the file ${path}`);
  return token;
}

/**
 * Resolves a token location to its current value, refusing a weak token. `env` resolves
 * once; a file is read now. `label` names the token in messages (never its value).
 *
 * @example
 * resolveTokenLocation({ kind: 'env', name: 'AWS_TOKEN' }, process.env, 'AWS_TOKEN', { allowWorldReadable: false });
 */
export function resolveTokenLocation(
  location: TokenLocation,
  env: NodeJS.ProcessEnv,
  label: string,
  policy: FileModePolicy,
): string {
  switch (location.kind) {
    case 'literal':
      checkTokenStrength(location.value, label);
      return location.value;
    case 'file':
      return readTokenFile(location.path, policy);
    case 'env': {
      const value = env[location.name];
      if (!value) {
        throw new SidecarError(
          'NO_TOKEN',
          `the token comes from the environment variable ${location.name}, which is not set: set it, or change the token's source`,
        );
      }
      // An env token may itself point at a file, as the agent's variables may.
      if (value.startsWith('file://')) return readTokenFile(tokenFilePath(value), policy);
      checkTokenStrength(value, `in the environment variable ${location.name}`);
      return value;
    }
  }
}

/**
 * Polls a token file and calls `onChange` with its new contents when it changes (including an
 * atomic replace or a Kubernetes projected-volume symlink swap). A new file that is refused
 * (empty, weak, unsafe mode) goes to `onError`. Returns a stop function.
 *
 * @example
 * const stop = watchTokenFile('/run/vaultline/token', 1000, policy, (token) => use(token), warn);
 */
export function watchTokenFile(
  path: string,
  intervalMs: number,
  policy: FileModePolicy,
  onChange: (token: string) => void,
  onError: (error: SidecarError) => void,
): () => void {
  const listener = (current: { mtimeMs: number; ino: number; size: number }) => {
    if (current.mtimeMs === 0 && current.size === 0) return; // removed mid-rotation: wait
    try {
      onChange(readTokenFile(path, policy));
    } catch (error) {
      onError(error as SidecarError);
    }
  };
  watchFile(path, { interval: intervalMs, persistent: false }, listener);
  return () => unwatchFile(path, listener);
}
