import { Writable } from 'node:stream';
import { REDACTED } from '@vaultline/secret-names';
import { describe, expect, it } from 'vitest';
import { createSidecarLogger } from './logging.js';

const logLine = (fields: Record<string, unknown>): Record<string, unknown> => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createSidecarLogger({ level: 'info', destination: destination as never });
  logger.info(fields, 'line');
  return JSON.parse(lines[0]!);
};

describe('createSidecarLogger', () => {
  it('censors tokens, secret values and credentials, at the top and one level down', () => {
    const line = logLine({
      token: 'tok-123456',
      headers: { authorization: 'AWS4-HMAC-SHA256 abc', 'x-vault-token': 'vt-123456' },
      SecretString: '{"password":"hunter2"}',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      credentials: { sessionToken: 'FwoGZXIvYXdzEXAMPLE' },
      secretId: 'prod/db',
    });
    expect(line).toMatchObject({
      token: REDACTED,
      headers: { authorization: REDACTED, 'x-vault-token': REDACTED },
      SecretString: REDACTED,
      secretAccessKey: REDACTED,
      credentials: { sessionToken: REDACTED },
      secretId: 'prod/db',
    });
    const text = JSON.stringify(line);
    for (const secret of [
      'tok-123456',
      'hunter2',
      'EXAMPLEKEY',
      'FwoGZXIvYXdzEXAMPLE',
      'vt-1234',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("censors parameter values in GetParameter's shape (a SecureString's plaintext)", () => {
    const line = logLine({
      Parameter: { Name: '/prod/db/password', Type: 'SecureString', Value: 'canary-ssm-1f3a' },
      result: { Parameter: { Value: 'canary-ssm-2b4c' } },
      Value: 'canary-ssm-3d5e',
    });
    expect(line).toMatchObject({
      Parameter: { Name: '/prod/db/password', Type: 'SecureString', Value: REDACTED },
      Value: REDACTED,
    });
    expect(JSON.stringify(line)).not.toMatch(/canary-ssm/);
  });
});
