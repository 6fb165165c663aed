import { readFileSync, statSync } from 'node:fs';
import type { ResolverOptions } from '@vaultline/resolver/core';
import type { Logger } from 'pino';

type CredentialsProvider = Extract<NonNullable<ResolverOptions['credentials']>, () => unknown>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

/**
 * How long the SDK may keep credentials read from the file before asking again, as AWS's
 * agent gives them (README.md "Credential refresh behavior": a 10-minute expiry).
 */
const CREDENTIALS_LIFETIME_MS = 10 * 60 * 1000;

interface FileCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** The `[default]` profile of an AWS credentials file, or why it cannot be used. */
export function parseDefaultProfile(text: string): FileCredentials | string {
  const values = new Map<string, string>();
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      section = header[1] as string;
      continue;
    }
    const equals = line.indexOf('=');
    if (section === 'default' && equals > 0) {
      values.set(line.slice(0, equals).trim().toLowerCase(), line.slice(equals + 1).trim());
    }
  }
  const accessKeyId = values.get('aws_access_key_id');
  const secretAccessKey = values.get('aws_secret_access_key');
  const sessionToken = values.get('aws_session_token');
  if (!accessKeyId || !secretAccessKey) {
    return 'its [default] profile has no aws_access_key_id and aws_secret_access_key';
  }
  if (!sessionToken) {
    return 'its [default] profile has no aws_session_token: only temporary credentials are accepted from a file (IAM Roles Anywhere, STS)';
  }
  return { accessKeyId, secretAccessKey, sessionToken };
}

/**
 * Credentials read from an AWS credentials file (`credentials_file_path`), as AWS's agent
 * reads them: the `[default]` profile, a session token required, re-read when the file's
 * modification time changes. A missing or bad file keeps the last good credentials; the
 * sidecar starts without any and serves once the file appears. Never logs a key.
 *
 * @example
 * const credentials = createCredentialsFileProvider('/var/run/rolesanywhere/credentials', logger);
 */
export function createCredentialsFileProvider(
  path: string,
  logger: Logger,
  now: () => number = Date.now,
): CredentialsProvider {
  let loaded: FileCredentials | undefined;
  let loadedMtime = -1;
  const reload = (): void => {
    let mtime: number;
    let text: string;
    try {
      const stat = statSync(path);
      mtime = stat.mtimeMs;
      if (mtime === loadedMtime) return;
      if ((stat.mode & 0o077) !== 0) {
        logger.warn({ path }, 'the credentials file can be read by others: run chmod 600 on it');
      }
      text = readFileSync(path, 'utf8');
    } catch (error) {
      logger.warn(
        { path, code: (error as NodeJS.ErrnoException).code },
        'cannot read credentials_file_path; keeping the last credentials read from it',
      );
      return;
    }
    const parsed = parseDefaultProfile(text);
    if (typeof parsed === 'string') {
      logger.warn({ path, problem: parsed }, 'credentials_file_path not used');
      return;
    }
    loaded = parsed;
    loadedMtime = mtime;
    logger.info({ path }, 'credentials read from credentials_file_path');
  };
  return async (): Promise<Credentials> => {
    reload();
    if (!loaded) {
      throw Object.assign(
        new Error(
          `no usable credentials in ${path} yet: write temporary credentials with aws_session_token to its [default] profile`,
        ),
        { name: 'CredentialsProviderError', tryNextLink: false },
      );
    }
    return { ...loaded, expiration: new Date(now() + CREDENTIALS_LIFETIME_MS) };
  };
}
