import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SidecarError } from '../errors.js';

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

/** Reads a token file: its contents with surrounding whitespace removed, never empty. */
export function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SidecarError(
      'TOKEN_FILE_UNREADABLE',
      `cannot read the token file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}): create it, or give the sidecar's user read access`,
      { cause: error },
    );
  }
  const token = text.trim();
  if (token.length === 0) {
    throw new SidecarError(
      'TOKEN_FILE_UNREADABLE',
      `the token file ${path} is empty: write a random token into it (for example: openssl rand -hex 32 > ${path})`,
    );
  }
  return token;
}

/**
 * Resolves a token location to its current value. `env` resolves once; a file is read now.
 *
 * @example
 * resolveTokenLocation({ kind: 'literal', value: 'abc' }, process.env); // 'abc'
 */
export function resolveTokenLocation(location: TokenLocation, env: NodeJS.ProcessEnv): string {
  switch (location.kind) {
    case 'literal':
      return location.value;
    case 'file':
      return readTokenFile(location.path);
    case 'env': {
      const value = env[location.name];
      if (!value) {
        throw new SidecarError(
          'NO_TOKEN',
          `the token comes from the environment variable ${location.name}, which is not set: set it, or change the token's source`,
        );
      }
      // An env token may itself point at a file, as the agent's variables may.
      return value.startsWith('file://') ? readTokenFile(tokenFilePath(value)) : value;
    }
  }
}

/**
 * Polls a token file and calls `onChange` with its new contents when it changes (including an
 * atomic replace or a Kubernetes projected-volume symlink swap). Returns a stop function.
 *
 * @example
 * const stop = watchTokenFile('/run/vaultline/token', 1000, (token) => use(token), warn);
 */
export function watchTokenFile(
  path: string,
  intervalMs: number,
  onChange: (token: string) => void,
  onError: (error: SidecarError) => void,
): () => void {
  const listener = (current: { mtimeMs: number; ino: number; size: number }) => {
    if (current.mtimeMs === 0 && current.size === 0) return; // removed mid-rotation: wait
    try {
      onChange(readTokenFile(path));
    } catch (error) {
      onError(error as SidecarError);
    }
  };
  watchFile(path, { interval: intervalMs, persistent: false }, listener);
  return () => unwatchFile(path, listener);
}
