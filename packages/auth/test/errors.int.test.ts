import { rejectionOf } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { AUTH_HINTS, createAccessKeyStrategy, isAuthError } from '../src/index.js';
import { useAuthEmulator, viaEmulator } from './helpers.js';

// Canaries: if any of these strings shows up in an error or a log line, a key leaked.
const CANARY_SECRET = 'CanaryS3cretAccessKey/0000000000000000000';
const CANARY_KEY_ID = 'AKIACANARY0000000042';
const CANARY_TOKEN = 'IQoJb3JpZ2luX2VjECanarySessionToken00000000000000000000000000000000000000==';

const emulator = useAuthEmulator();

function everyText(error: unknown, lines: string[]): string {
  const e = error as Error & { hint?: string };
  return [
    e.message,
    e.hint,
    String(e),
    JSON.stringify(e),
    String((e.cause as Error)?.message),
    ...lines,
  ].join('\n');
}

describe('access-key failures name the problem and never show the keys', () => {
  it('a wrong secret access key: SIGNATURE_MISMATCH', async () => {
    const { accessKeyId } = await emulator().credentialsOf('developer');
    const lines: string[] = [];
    const strategy = createAccessKeyStrategy(
      { authType: 'access-key', region: 'us-east-2', accessKeyId, secretAccessKey: CANARY_SECRET },
      viaEmulator(emulator(), {
        logger: { warn: (m) => lines.push(m), debug: (m) => lines.push(m) },
      }),
    );
    const error = await rejectionOf(() => strategy.describeIdentity());
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SIGNATURE_MISMATCH', hint: AUTH_HINTS.secretKey });
    const text = everyText(error, lines);
    expect(text).not.toContain(CANARY_SECRET);
    expect(text).not.toContain(accessKeyId);
  });

  it('an unknown access key id: INVALID_CLIENT_TOKEN, with the key id masked', async () => {
    const strategy = createAccessKeyStrategy(
      {
        authType: 'access-key',
        region: 'us-east-2',
        accessKeyId: CANARY_KEY_ID,
        secretAccessKey: CANARY_SECRET,
      },
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.describeIdentity());
    expect(error).toMatchObject({ code: 'INVALID_CLIENT_TOKEN', hint: AUTH_HINTS.accessKey });
    const text = everyText(error, []);
    expect(text).not.toContain(CANARY_KEY_ID);
    expect(text).not.toContain(CANARY_SECRET);
  });

  it('a forged session token: INVALID_CLIENT_TOKEN, token not shown', async () => {
    const strategy = createAccessKeyStrategy(
      {
        authType: 'access-key',
        region: 'us-east-2',
        accessKeyId: 'ASIACANARY0000000042',
        secretAccessKey: CANARY_SECRET,
        sessionToken: CANARY_TOKEN,
      },
      viaEmulator(emulator()),
    );
    const error = await rejectionOf(() => strategy.describeIdentity());
    expect(error).toMatchObject({ code: 'INVALID_CLIENT_TOKEN' });
    expect(everyText(error, [])).not.toContain(CANARY_TOKEN);
  });

  it('an incomplete pair is refused before any call', () => {
    expect(() =>
      createAccessKeyStrategy({
        authType: 'access-key',
        region: 'us-east-2',
        accessKeyId: CANARY_KEY_ID,
        secretAccessKey: '',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('accessKeyId only'),
      }),
    );
  });
});
