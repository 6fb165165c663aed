import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/index.js';
import { useEmulator } from './helpers.js';

const OWNER = '111122223333';
const CONSUMER = '444455556666';
const EAST = 'us-east-2';
const WEST = 'us-west-2';
const NOT_FOUND = {
  name: 'ResourceNotFoundException',
  message: "Secrets Manager can't find the specified secret.",
  $metadata: { httpStatusCode: 400 },
};

const grantConsumer = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { AWS: `arn:aws:iam::${CONSUMER}:user/consumer` },
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: '*',
    },
  ],
};
const keyPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Effect: 'Allow' as const,
      Principal: { AWS: `arn:aws:iam::${CONSUMER}:user/consumer` },
      Action: 'kms:Decrypt',
      Resource: '*',
    },
  ],
};

/**
 * The same secret name in two regions of the owner account, both shared with a consumer
 * account whose identity policy names only the us-east-2 secrets (as a policy generated for a
 * vault in us-east-2 does).
 */
const scenario: ScenarioInput = {
  defaultRegion: EAST,
  accounts: [{ id: OWNER }, { id: CONSUMER }],
  users: [
    {
      name: 'owner-admin',
      account: OWNER,
      policies: [
        {
          Statement: [{ Effect: 'Allow', Action: ['secretsmanager:*', 'kms:*'], Resource: '*' }],
        },
      ],
    },
    {
      name: 'consumer',
      account: CONSUMER,
      policies: [
        {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              Resource: `arn:aws:secretsmanager:${EAST}:${OWNER}:secret:shared/*`,
            },
            { Effect: 'Allow', Action: 'secretsmanager:BatchGetSecretValue', Resource: '*' },
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
          ],
        },
      ],
    },
  ],
  kmsKeys: [
    { account: OWNER, region: EAST, alias: 'alias/shared', policy: keyPolicy },
    { account: OWNER, region: WEST, alias: 'alias/shared', policy: keyPolicy },
  ],
  secrets: [
    {
      name: 'shared/db',
      account: OWNER,
      region: EAST,
      kmsKey: 'alias/shared',
      value: 'canary-east-4a1c',
      resourcePolicy: grantConsumer,
    },
    {
      name: 'shared/west-only',
      account: OWNER,
      region: WEST,
      kmsKey: 'alias/shared',
      value: 'canary-west-7d2e',
      resourcePolicy: grantConsumer,
    },
  ],
};

const clients: SecretsManagerClient[] = [];
const emulator = useEmulator(scenario, {
  tearDown: () => {
    for (const c of clients) c.destroy();
  },
});
async function client(user: string, account: string, region: string) {
  const credentials = await emulator().control.userCredentials(user, account);
  const created = new SecretsManagerClient({
    endpoint: emulator().url,
    region,
    credentials,
    maxAttempts: 1,
  });
  clients.push(created);
  return created;
}
async function arnOf(name: string, region: string): Promise<string> {
  const owner = await client('owner-admin', OWNER, region);
  return (await owner.send(new DescribeSecretCommand({ SecretId: name }))).ARN!;
}

describe('a secret ARN of another region is not found from this region', () => {
  it('same account: full and partial ARN of a secret in us-west-2, asked in us-east-2', async () => {
    const westArn = await arnOf('shared/west-only', WEST);
    expect(westArn).toContain(`:${WEST}:${OWNER}:`);
    const east = await client('owner-admin', OWNER, EAST);
    const partial = westArn.slice(0, -7);
    for (const SecretId of [westArn, partial]) {
      await expect(east.send(new GetSecretValueCommand({ SecretId }))).rejects.toMatchObject(
        NOT_FOUND,
      );
      await expect(east.send(new DescribeSecretCommand({ SecretId }))).rejects.toMatchObject(
        NOT_FOUND,
      );
    }
  });

  it('cross account: ResourceNotFoundException, not AccessDenied, even where the identity policy names only this region', async () => {
    const westArn = await arnOf('shared/west-only', WEST);
    const consumerEast = await client('consumer', CONSUMER, EAST);
    const error = await consumerEast
      .send(new GetSecretValueCommand({ SecretId: westArn }))
      .catch((e: Error) => e);
    expect(error).toMatchObject(NOT_FOUND);
    expect((error as Error).message).not.toContain('canary');
    await expect(
      consumerEast.send(new DescribeSecretCommand({ SecretId: westArn })),
    ).rejects.toMatchObject(NOT_FOUND);

    // The us-east-2 ARN asked from us-west-2: not found there either.
    const eastArn = await arnOf('shared/db', EAST);
    const consumerWest = await client('consumer', CONSUMER, WEST);
    await expect(
      consumerWest.send(new GetSecretValueCommand({ SecretId: eastArn })),
    ).rejects.toMatchObject(NOT_FOUND);

    // In a batch, the same error lands in Errors, next to a secret that reads.
    const batch = await consumerEast.send(
      new BatchGetSecretValueCommand({ SecretIdList: [eastArn, westArn] }),
    );
    expect(batch.SecretValues?.map((v) => v.SecretString)).toEqual(['canary-east-4a1c']);
    expect(batch.Errors).toEqual([
      {
        SecretId: westArn,
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      },
    ]);
  });

  it('the right region still applies the cross-account rules (denial before not found)', async () => {
    const consumerEast = await client('consumer', CONSUMER, EAST);
    const eastArn = await arnOf('shared/db', EAST);
    const read = await consumerEast.send(new GetSecretValueCommand({ SecretId: eastArn }));
    expect(read.SecretString).toBe('canary-east-4a1c');
    // A secret of this region the consumer's policy does not name: AccessDenied, as before.
    await expect(
      consumerEast.send(
        new GetSecretValueCommand({
          SecretId: `arn:aws:secretsmanager:${EAST}:${OWNER}:secret:other/thing-AbCdEf`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
