import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { createCredentialsFileProvider, parseDefaultProfile } from './credentials-file.js';
import { createSidecarLogger } from './logging.js';

// AWS's agent README.md:829-867: the [default] profile, a session token required, re-read
// when the file changes, the last good credentials kept.
const KEY = 'AKIAEXAMPLEKEY000001';
const SECRET = 'canary-secret-key-7d1e4b9a';

describe('credentials_file_path', () => {
  it('reads the [default] profile and refuses one without a session token', () => {
    const text = `[other]\naws_access_key_id = X\n[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\naws_session_token = T1\n`;
    expect(parseDefaultProfile(text)).toEqual({
      accessKeyId: KEY,
      secretAccessKey: SECRET,
      sessionToken: 'T1',
    });
    const longTerm = parseDefaultProfile(
      `[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`,
    );
    expect(longTerm).toContain('no aws_session_token');
    expect(longTerm).not.toContain(SECRET);
  });

  it('re-reads a changed file, keeps the last good credentials through a bad one', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'credentials');
    const logger = createSidecarLogger({ level: 'none' });
    const provider = createCredentialsFileProvider(file, logger, () => 0);
    await expect(provider()).rejects.toThrow(/no usable credentials/);
    const write = (token: string, mtime: number) => {
      writeFileSync(
        file,
        `[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\naws_session_token = ${token}\n`,
        { mode: 0o600 },
      );
      return import('node:fs').then(({ utimesSync }) => utimesSync(file, mtime, mtime));
    };
    await write('T1', 1000);
    expect((await provider()).sessionToken).toBe('T1');
    expect((await provider()).expiration?.getTime()).toBe(600_000);
    await write('T2', 2000);
    expect((await provider()).sessionToken).toBe('T2');
    writeFileSync(file, 'not a credentials file');
    expect((await provider()).sessionToken).toBe('T2');
  });
});
