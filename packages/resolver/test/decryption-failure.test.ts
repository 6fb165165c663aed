import { DisableKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { ScenarioInput } from '@vaultline/emulator';
import { useTestEmulator } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { ResolverError } from '../src/index.js';
import { ACCOUNT, REGION } from './fixtures.js';
import { recorder, rejection, resetState, resolverFor, smCalls } from './helpers.js';

const RETIRED_KEY = '8e3f4a5b-6c7d-4e8f-a091-2c3d4e5f6a7b';
const LIVE_KEY = '9f4a5b6c-7d8e-4f90-b1a2-3d4e5f6a7b8c';
const CANARY_RETIRED = 'canary-retired-key-4e71b9';
const CANARY_LIVE = 'canary-live-key-c03a5d';

/**
 * One account, two customer managed keys: one disabled in the scenario itself, one the test
 * disables through the KMS API (as an operator would by mistake) and enables again.
 */
const scenario: ScenarioInput = {
  defaultRegion: REGION,
  accounts: [{ id: ACCOUNT }],
  users: [
    {
      name: 'reader',
      policies: [
        {
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'secretsmanager:GetSecretValue',
                'secretsmanager:BatchGetSecretValue',
                'secretsmanager:DescribeSecret',
                'kms:Decrypt',
              ],
              Resource: '*',
            },
          ],
        },
      ],
    },
    {
      name: 'key-admin',
      policies: [{ Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }],
    },
  ],
  kmsKeys: [
    { id: RETIRED_KEY, alias: 'alias/retired', enabled: false },
    { id: LIVE_KEY, alias: 'alias/live' },
  ],
  secrets: [
    {
      name: 'app/retired',
      kmsKey: 'alias/retired',
      value: JSON.stringify({ username: 'app', password: CANARY_RETIRED }),
    },
    {
      name: 'app/live',
      kmsKey: 'alias/live',
      value: JSON.stringify({ username: 'app', password: CANARY_LIVE }),
    },
  ],
};

const emulator = useTestEmulator({ scenario, beforeEach: resetState });

/** Everything an error could show to a log or a user. */
const everything = (error: unknown) => {
  const e = error as ResolverError;
  return [e.message, e.hint, e.stack, String(e), JSON.stringify(e), String(e.cause)].join('\n');
};

async function kmsAdmin(): Promise<KMSClient> {
  return new KMSClient({
    region: REGION,
    endpoint: emulator().url,
    credentials: await emulator().credentialsOf('key-admin', ACCOUNT),
    maxAttempts: 1,
  });
}

describe('a secret whose customer managed key is disabled', () => {
  it('DECRYPTION_FAILURE with a hint to check the key is enabled, and no secret value in the error', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      options: { logger: rec.logger, metrics: rec.metrics },
    });
    const error = await rejection(resolver.getValue('app/retired:password'));
    expect(error).toBeInstanceOf(ResolverError);
    expect(error.code).toBe('DECRYPTION_FAILURE');
    expect((error as ResolverError).awsCode).toBe('DecryptionFailure');
    expect((error as ResolverError).status).toBe(400);
    expect(error.hint).toMatch(/disabled or pending deletion/);
    expect(error.hint).toMatch(/aws kms enable-key/);
    expect(error.hint).not.toMatch(/policy/);
    expect((error.cause as Error).message).toMatch(
      /^Secrets Manager can't decrypt the protected secret text using the provided KMS key\./,
    );
    expect(everything(error)).not.toContain(CANARY_RETIRED);
    expect(rec.logs.join('\n')).not.toContain(CANARY_RETIRED);
    expect(rec.count('error DECRYPTION_FAILURE')).toBeGreaterThanOrEqual(1);
    expect(await smCalls(emulator())).toEqual({ GetSecretValue: 1 });

    // Through BatchGetSecretValue (prefetch), next to a secret that reads: the same code.
    const batch = await resolver.prefetch(['app/retired', 'app/live']);
    expect(batch.loaded).toBe(1);
    expect(batch.failed.map((f) => [f.ref, f.error.code])).toEqual([
      ['app/retired', 'DECRYPTION_FAILURE'],
    ]);
    expect(batch.failed[0]!.error.hint).toMatch(/aws kms enable-key/);
    expect(everything(batch.failed[0]!.error)).not.toContain(CANARY_RETIRED);
    expect(await resolver.getValue('app/live:password')).toBe(CANARY_LIVE);
  });

  it('follows the key: disabled through the KMS API fails, enabled again reads', async () => {
    const kms = await kmsAdmin();
    try {
      await kms.send(new DisableKeyCommand({ KeyId: 'alias/live' }));
      {
        await using resolver = await resolverFor(emulator());
        const error = await rejection(resolver.getValue('app/live:password'));
        expect(error.code).toBe('DECRYPTION_FAILURE');
        expect(everything(error)).not.toContain(CANARY_LIVE);
      }
      await kms.send(new EnableKeyCommand({ KeyId: 'alias/live' }));
      {
        await using resolver = await resolverFor(emulator());
        expect(await resolver.getValue('app/live:password')).toBe(CANARY_LIVE);
      }
    } finally {
      kms.destroy();
    }
  });
});
