import { REDACTED } from '@vaultline/secret-names';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { redactConfig } from './redact.js';
import { accessKey, roleBased, SECRET_ACCESS_KEY } from './test-fixtures.js';

const valid = (input: unknown) => {
  const result = parseConfig(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
};

describe('redactConfig', () => {
  it('replaces the secret access key and the session token', () => {
    const config = valid(
      accessKey({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' }),
    );
    const redacted = redactConfig(config);
    expect(redacted.vault).toMatchObject({
      secretAccessKey: REDACTED,
      sessionToken: REDACTED,
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    });
    expect(JSON.stringify(redacted)).not.toContain(SECRET_ACCESS_KEY);
    expect(JSON.stringify(redacted)).not.toContain('FwoGZXIvYXdzEXAMPLETOKEN');
  });

  it('does not change the original', () => {
    const config = valid(accessKey());
    redactConfig(config);
    expect(config.vault.authType === 'access-key' && config.vault.secretAccessKey).toBe(
      SECRET_ACCESS_KEY,
    );
  });

  it('accepts a vault section alone', () => {
    const config = valid(accessKey());
    expect(redactConfig(config.vault)).toMatchObject({ secretAccessKey: REDACTED });
  });

  it('leaves a config without keys as it was', () => {
    const config = valid(roleBased());
    expect(redactConfig(config)).toEqual(config);
  });
});
