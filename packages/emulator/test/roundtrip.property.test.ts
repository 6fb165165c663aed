import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { validateSecretName } from '@vaultline/secret-names';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useEmulator } from './helpers.js';

describe('secret round trip (property)', () => {
  let sm: SecretsManagerClient;
  useEmulator('single-account', {
    setUp: async (emu) => {
      sm = new SecretsManagerClient({
        endpoint: emu.url,
        region: 'us-east-2',
        credentials: await emu.control.userCredentials('developer'),
      });
    },
    tearDown: () => sm.destroy(),
  });

  const name = fc
    .stringMatching(/^[A-Za-z0-9/_+=.@-]{1,40}$/)
    .filter((n) => validateSecretName(n).valid);
  const value = fc.oneof(
    fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }).map((s) => ({ SecretString: s })),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => ({ SecretBinary: b })),
  );

  it('any secret created reads back byte for byte by name, full ARN and partial ARN', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(name, value, async (base, secret) => {
        counter += 1;
        const secretName = `p${counter}/${base}`.slice(0, 512);
        const created = await sm.send(new CreateSecretCommand({ Name: secretName, ...secret }));
        const partialArn = created.ARN!.slice(0, -7);
        for (const id of [secretName, created.ARN!, partialArn]) {
          const read = await sm.send(new GetSecretValueCommand({ SecretId: id }));
          expect(read.ARN).toBe(created.ARN);
          if ('SecretString' in secret) {
            expect(read.SecretString).toBe(secret.SecretString);
            expect(read.SecretBinary).toBeUndefined();
          } else {
            expect(Buffer.from(read.SecretBinary!).equals(Buffer.from(secret.SecretBinary))).toBe(
              true,
            );
            expect(read.SecretString).toBeUndefined();
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
