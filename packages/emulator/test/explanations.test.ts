import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { EXPLANATION_HEADER, type ExplanationEntry, startEmulator } from '../src/index.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-2';

// AWS's exact words in the error body, so that advice proven against the emulator holds on
// AWS; the emulator's own account of why only in a response header and its log.
describe('explanations', () => {
  it("keep AWS's message in the body and the reason in x-emulator-explanation and the log", async () => {
    const log: ExplanationEntry[] = [];
    await using emu = await startEmulator({
      log: (entry) => log.push(entry),
      scenario: {
        defaultRegion: REGION,
        accounts: [{ id: ACCOUNT }],
        users: [
          { name: 'nobody', account: ACCOUNT, policies: [] },
          {
            name: 'no-kms',
            account: ACCOUNT,
            policies: [
              {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }],
              },
            ],
          },
        ],
        kmsKeys: [
          { id: '0f1e2d3c-4b5a-4697-8877-665544332211', account: ACCOUNT, alias: 'alias/app' },
        ],
        secrets: [
          { name: 'app/db', account: ACCOUNT, value: 'canary-explained-1', kmsKey: 'alias/app' },
        ],
      },
    });
    const client = async (user: string) =>
      new SecretsManagerClient({
        endpoint: emu.url,
        region: REGION,
        credentials: await emu.control.userCredentials(user, ACCOUNT),
        maxAttempts: 1,
      });
    const refused = async (user: string) => {
      const sm = await client(user);
      try {
        return (await sm
          .send(new GetSecretValueCommand({ SecretId: 'app/db' }))
          .catch((e) => e)) as {
          name: string;
          message: string;
          $response?: { headers: Record<string, string> };
        };
      } finally {
        sm.destroy();
      }
    };

    const nobody = await refused('nobody');
    expect(nobody.name).toBe('AccessDeniedException');
    // AWS names the SecretId as the request gave it (see conformance.test.ts).
    expect(nobody.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: secretsmanager:GetSecretValue on resource: app/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
    expect(nobody.$response?.headers[EXPLANATION_HEADER]).toContain(
      'no identity-based policy attached to',
    );

    const noKms = await refused('no-kms');
    expect(noKms.message).toBe('Access to KMS is not allowed');
    expect(noKms.$response?.headers[EXPLANATION_HEADER]).toContain('kms:Decrypt');

    expect(log.map((entry) => entry.code)).toEqual([
      'AccessDeniedException',
      'AccessDeniedException',
    ]);
    expect(log[1]!.explanation).toContain('kms:Decrypt');
    expect(JSON.stringify(log)).not.toContain('canary-explained-1');
  });
});
