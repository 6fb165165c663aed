import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  ReplicateSecretToRegionsCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../src/index.js';
import { failureOf, useEmulator } from './helpers.js';

const ACCOUNT = '111122223333';
const EAST = 'us-east-2';
const WEST = 'us-west-2';
const EAST_KEY = '8e3f4a5b-6c7d-4e8f-9a01-2c3d4e5f6a7b';
const WEST_KEY = '9f4a5b6c-7d8e-4f90-8b12-3d4e5f6a7b8c';

const scenario: ScenarioInput = {
  defaultRegion: WEST,
  accounts: [{ id: ACCOUNT }],
  users: [
    {
      name: 'admin',
      policies: [
        { Statement: [{ Effect: 'Allow', Action: ['secretsmanager:*', 'kms:*'], Resource: '*' }] },
      ],
    },
  ],
  kmsKeys: [
    { id: EAST_KEY, region: EAST, alias: 'alias/east' },
    { id: WEST_KEY, region: WEST, alias: 'alias/west' },
  ],
  secrets: [{ name: 'app/db', region: WEST, value: 'canary-replica-4b1e' }],
};

const clients: { west?: SecretsManagerClient; east?: SecretsManagerClient } = {};
useEmulator(scenario, {
  resetBeforeEach: true,
  setUp: async (emu) => {
    const credentials = await emu.control.userCredentials('admin');
    const base = { endpoint: emu.url, credentials, maxAttempts: 1 };
    clients.west = new SecretsManagerClient({ ...base, region: WEST });
    clients.east = new SecretsManagerClient({ ...base, region: EAST });
  },
  tearDown: () => {
    clients.west?.destroy();
    clients.east?.destroy();
  },
});

describe('UpdateSecret', () => {
  it('changes the KMS key the secret is read with, and refuses a key that does not exist', async () => {
    const west = clients.west!;
    const arn = `arn:aws:kms:${WEST}:${ACCOUNT}:key/${WEST_KEY}`;
    const updated = await west.send(new UpdateSecretCommand({ SecretId: 'app/db', KmsKeyId: arn }));
    expect(updated.VersionId).toBeUndefined();
    expect((await west.send(new DescribeSecretCommand({ SecretId: 'app/db' }))).KmsKeyId).toBe(arn);
    expect((await west.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe(
      'canary-replica-4b1e',
    );
    const error = await failureOf(
      west.send(new UpdateSecretCommand({ SecretId: 'app/db', KmsKeyId: 'alias/nope' })),
    );
    expect(error).toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('ReplicateSecretToRegions', () => {
  it('creates a replica with the same name, ARN suffix, value and resource policy, under the given key', async () => {
    const { west, east } = clients as Required<typeof clients>;
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: '*', Resource: '*' }],
    });
    await west.send(new PutResourcePolicyCommand({ SecretId: 'app/db', ResourcePolicy: policy }));
    const eastKey = `arn:aws:kms:${EAST}:${ACCOUNT}:key/${EAST_KEY}`;
    const answer = await west.send(
      new ReplicateSecretToRegionsCommand({
        SecretId: 'app/db',
        AddReplicaRegions: [{ Region: EAST, KmsKeyId: eastKey }],
      }),
    );
    expect(answer.ReplicationStatus).toEqual([
      { Region: EAST, KmsKeyId: eastKey, Status: 'InSync' },
    ]);
    const replicaArn = answer.ARN!.replace(`:${WEST}:`, `:${EAST}:`);
    const read = await east.send(new GetSecretValueCommand({ SecretId: replicaArn }));
    expect(read.SecretString).toBe('canary-replica-4b1e');
    expect((await east.send(new DescribeSecretCommand({ SecretId: 'app/db' }))).KmsKeyId).toBe(
      eastKey,
    );
    const replicaPolicy = await east.send(new GetResourcePolicyCommand({ SecretId: replicaArn }));
    expect(replicaPolicy.ResourcePolicy).toBe(policy);
    const again = await west.send(
      new ReplicateSecretToRegionsCommand({
        SecretId: 'app/db',
        AddReplicaRegions: [{ Region: EAST }],
      }),
    );
    expect(again.ReplicationStatus?.[0]?.Status).toBe('Failed');
  });
});
