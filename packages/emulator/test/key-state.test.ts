import {
  CancelKeyDeletionCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/index.js';
import { failureOf, useEmulator } from './helpers.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-2';
const DISABLED_KEY = '6c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const LIVE_KEY = '7d2e3f4a-5b6c-4d7e-9f80-1b2c3d4e5f60';
const DECRYPTION_FAILURE =
  /^Secrets Manager can't decrypt the protected secret text using the provided KMS key\./;

const scenario: ScenarioInput = {
  defaultRegion: REGION,
  accounts: [{ id: ACCOUNT }],
  users: [
    {
      name: 'admin',
      policies: [
        { Statement: [{ Effect: 'Allow', Action: ['secretsmanager:*', 'kms:*'], Resource: '*' }] },
      ],
    },
    {
      name: 'no-kms',
      policies: [{ Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] }],
    },
  ],
  kmsKeys: [
    { id: DISABLED_KEY, alias: 'alias/off', enabled: false },
    { id: LIVE_KEY, alias: 'alias/live' },
  ],
  secrets: [
    { name: 'app/under-disabled', kmsKey: 'alias/off', value: 'canary-disabled-71c3' },
    { name: 'app/under-live', kmsKey: 'alias/live', value: 'canary-live-0d9e' },
    { name: 'app/default-key', value: 'canary-default-5a2f' },
  ],
};

let sm: SecretsManagerClient;
let kms: KMSClient;
const emulator = useEmulator(scenario, {
  resetBeforeEach: true,
  setUp: async (emu) => {
    const credentials = await emu.control.userCredentials('admin');
    const config = { endpoint: emu.url, region: REGION, credentials, maxAttempts: 1 };
    sm = new SecretsManagerClient(config);
    kms = new KMSClient(config);
  },
  tearDown: () => {
    sm.destroy();
    kms.destroy();
  },
});

const read = (SecretId: string) => sm.send(new GetSecretValueCommand({ SecretId }));
const failure = (promise: Promise<unknown>) => failureOf<Error & { $metadata?: unknown }>(promise);

describe('a KMS key that is not enabled', () => {
  it('scenario enabled: false: reading fails with DecryptionFailure, without the value; metadata stays readable', async () => {
    const error = await failure(read('app/under-disabled'));
    expect(error).toMatchObject({
      name: 'DecryptionFailure',
      message: expect.stringMatching(DECRYPTION_FAILURE),
      $metadata: { httpStatusCode: 400 },
    });
    // AWS's words in the body; the emulator's reason only in its header.
    expect(error.message).toBe(
      "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
    );
    expect(explanationOf(error)).toContain(`key/${DISABLED_KEY} is disabled`);
    expect(JSON.stringify(error)).not.toContain('canary');
    expect(error.message).not.toContain('canary');
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'app/under-disabled' }));
    expect(described.KmsKeyId).toBe('alias/off');
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/off' }));
    expect(KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    // Other keys are unaffected.
    expect((await read('app/under-live')).SecretString).toBe('canary-live-0d9e');
    // In a batch the failure is per secret.
    const batch = await sm.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['app/under-disabled', 'app/under-live'] }),
    );
    expect(batch.SecretValues?.map((v) => v.Name)).toEqual(['app/under-live']);
    expect(batch.Errors?.[0]).toMatchObject({
      SecretId: 'app/under-disabled',
      ErrorCode: 'DecryptionFailure',
    });
  });

  it('DisableKey / EnableKey through KMS: reads fail while disabled, writes fail with EncryptionFailure, KMS itself answers DisabledException', async () => {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: 'alias/live', Plaintext: Buffer.from('hello') }),
    );
    await kms.send(new DisableKeyCommand({ KeyId: 'alias/live' }));
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${LIVE_KEY}`;
    expect(await failure(read('app/under-live'))).toMatchObject({
      name: 'DecryptionFailure',
      message: expect.stringMatching(DECRYPTION_FAILURE),
    });
    expect(
      await failure(
        sm.send(new PutSecretValueCommand({ SecretId: 'app/under-live', SecretString: 'x' })),
      ),
    ).toMatchObject({
      name: 'EncryptionFailure',
      message: expect.stringMatching(
        /^Secrets Manager can't encrypt the protected secret text using the provided KMS key\./,
      ),
    });
    await expect(
      kms.send(new EncryptCommand({ KeyId: 'alias/live', Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({ name: 'DisabledException', message: `${keyArn} is disabled.` });
    await expect(kms.send(new DecryptCommand({ CiphertextBlob }))).rejects.toMatchObject({
      name: 'DisabledException',
    });

    await kms.send(new EnableKeyCommand({ KeyId: keyArn }));
    expect((await read('app/under-live')).SecretString).toBe('canary-live-0d9e');
    const plain = await kms.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(plain.Plaintext!).toString()).toBe('hello');
  });

  it('ScheduleKeyDeletion: PendingDeletion fails reads too; CancelKeyDeletion leaves the key disabled', async () => {
    const scheduled = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: LIVE_KEY, PendingWindowInDays: 7 }),
    );
    expect(scheduled).toMatchObject({ KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(scheduled.DeletionDate!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const pending = await failure(read('app/under-live'));
    expect(pending).toMatchObject({
      name: 'DecryptionFailure',
      message: expect.stringMatching(DECRYPTION_FAILURE),
    });
    expect(explanationOf(pending)).toContain('is pending deletion');
    await expect(kms.send(new EnableKeyCommand({ KeyId: LIVE_KEY }))).rejects.toMatchObject({
      name: 'KMSInvalidStateException',
      message: expect.stringMatching(/is pending deletion\.$/),
    });
    await expect(
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: LIVE_KEY, PendingWindowInDays: 3 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: LIVE_KEY }));
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: LIVE_KEY }));
    expect(KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    expect(KeyMetadata?.DeletionDate).toBeUndefined();
    await kms.send(new EnableKeyCommand({ KeyId: LIVE_KEY }));
    expect((await read('app/under-live')).SecretString).toBe('canary-live-0d9e');
  });

  it('permission comes first: without kms:Decrypt the caller gets AccessDenied, not DecryptionFailure', async () => {
    const noKms = new SecretsManagerClient({
      endpoint: emulator().url,
      region: REGION,
      credentials: await emulator().control.userCredentials('no-kms'),
      maxAttempts: 1,
    });
    try {
      await expect(
        noKms.send(new GetSecretValueCommand({ SecretId: 'app/under-disabled' })),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringMatching(/^Access to KMS is not allowed/),
      });
    } finally {
      noKms.destroy();
    }
  });

  it('the AWS managed key cannot be disabled (its key policy allows no DisableKey)', async () => {
    await expect(
      kms.send(new DisableKeyCommand({ KeyId: 'alias/aws/secretsmanager' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect((await read('app/default-key')).SecretString).toBe('canary-default-5a2f');
  });

  it('the control API disables and enables a key without credentials; reset restores the scenario state', async () => {
    const off = await emulator().control.setKeyEnabled({ key: 'alias/live', enabled: false });
    expect(off).toEqual({
      arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${LIVE_KEY}`,
      keyState: 'Disabled',
      enabled: false,
    });
    expect(await failure(read('app/under-live'))).toMatchObject({ name: 'DecryptionFailure' });
    await emulator().control.setKeyEnabled({ key: DISABLED_KEY, enabled: true });
    expect((await read('app/under-disabled')).SecretString).toBe('canary-disabled-71c3');
    await expect(
      emulator().control.setKeyEnabled({ key: 'alias/nope', enabled: false }),
    ).rejects.toThrow(/no KMS key 'alias\/nope'/);
    await emulator().control.reset();
    expect((await read('app/under-live')).SecretString).toBe('canary-live-0d9e');
    expect(await failure(read('app/under-disabled'))).toMatchObject({ name: 'DecryptionFailure' });
  });
});

/** The emulator's explanation header of a failed SDK call. */
function explanationOf(error: unknown): string | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string> } }).$response
    ?.headers;
  return headers?.['x-emulator-explanation'];
}
