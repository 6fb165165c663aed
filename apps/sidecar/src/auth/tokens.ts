import { createHash, timingSafeEqual } from 'node:crypto';
import { SidecarError } from '../errors.js';
import type { SidecarSettings } from '../settings.js';
import { FULL_ACCESS, type Grant } from './scopes.js';
import {
  parseTokenLocation,
  resolveTokenLocation,
  type TokenLocation,
  tokenFilePath,
  watchTokenFile,
} from './token-source.js';

/** Checks presented tokens against the configured ones and tells what each may read. */
export interface TokenStore {
  /** The grant of the token presented, or undefined when it matches none. Constant time. */
  match(presented: string): Grant | undefined;
  /** How many tokens are configured (for the startup log). */
  readonly size: number;
  /** Stops watching token files. */
  close(): void;
}

interface Entry {
  digest: Buffer;
  grant: Grant;
}

const digestOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Options of {@link createTokenStore}. */
export interface TokenStoreOptions {
  settings: Pick<SidecarSettings, 'ssrf_env_variables' | 'tokens' | 'token_reload_interval_ms'> &
    Partial<Pick<SidecarSettings, 'allow_world_readable_token_files'>>;
  env: NodeJS.ProcessEnv;
  /** Called when a token file changes or cannot be read; never given the token itself. */
  onReload?: (event: { name: string; ok: boolean; message?: string }) => void;
}

/**
 * Builds the token store: the agent's full-access token from the first of
 * `ssrf_env_variables` that is set (a `file://` value is read from the file), plus every
 * scoped token in `tokens`. Every token must be at least 32 characters and look random; a
 * token file must not be writable by group or others, nor readable by every user unless
 * `allow_world_readable_token_files` is set. Token files are re-read when they change. Presented tokens are
 * hashed with SHA-256 and compared with `crypto.timingSafeEqual` against every entry, so
 * the time taken tells nothing about how close a guess was.
 *
 * @example
 * const store = createTokenStore({ settings, env: process.env });
 * store.match(request.headers['x-aws-parameters-secrets-token']);
 */
export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { settings, env } = options;
  const entries: Entry[] = [];
  const stops: Array<() => void> = [];
  const policy = { allowWorldReadable: settings.allow_world_readable_token_files === true };

  const add = (location: TokenLocation, grant: Grant, label: string) => {
    const entry: Entry = {
      digest: digestOf(resolveTokenLocation(location, env, label, policy)),
      grant,
    };
    entries.push(entry);
    const file =
      location.kind === 'file'
        ? location.path
        : location.kind === 'env' && env[location.name]?.startsWith('file://')
          ? tokenFilePath(env[location.name] as string)
          : undefined;
    if (file) {
      stops.push(
        watchTokenFile(
          file,
          settings.token_reload_interval_ms,
          policy,
          (token) => {
            entry.digest = digestOf(token);
            options.onReload?.({ name: grant.name, ok: true });
          },
          (error) =>
            // Keep the previous token: refusing every caller because a rotation is half
            // written would be an outage; the warning says what to fix.
            options.onReload?.({ name: grant.name, ok: false, message: error.message }),
        ),
      );
    }
  };

  const envName = settings.ssrf_env_variables.find((name) => env[name] !== undefined);
  if (envName !== undefined) {
    add({ kind: 'env', name: envName }, { ...FULL_ACCESS, name: envName }, envName);
  }
  settings.tokens.forEach((token, index) => {
    const name = token.name ?? `tokens[${index}]`;
    add(
      parseTokenLocation(token.token),
      {
        name,
        secrets: token.secrets,
        parameters: token.parameters,
        connections: token.connections,
        roles: token.roles,
      },
      token.name ? `tokens[${index}] (${token.name})` : `tokens[${index}]`,
    );
  });
  if (entries.length === 0) {
    throw new SidecarError(
      'NO_TOKEN',
      `no token configured: set one of ${settings.ssrf_env_variables.join(', ')} (a value or file:///path), or list tokens in the settings file`,
    );
  }

  return {
    size: entries.length,
    match(presented) {
      const digest = digestOf(presented);
      let found: Grant | undefined;
      // Compare against every entry without stopping early.
      for (const entry of entries) {
        if (timingSafeEqual(digest, entry.digest) && found === undefined) found = entry.grant;
      }
      return found;
    },
    close() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
