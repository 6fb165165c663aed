import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { afterEach, describe, expect, it } from 'vitest';
import { startWith } from './helpers.js';

const ENV = 'AWS_EC2_METADATA_SERVICE_ENDPOINT';
const saved = process.env[ENV];

describe('cross-account scenario', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env[ENV];
    else process.env[ENV] = saved;
  });

  it('the consumer role reads the owner secret by ARN through the customer managed key, not the aws/secretsmanager one', async () => {
    await using emu = await startWith('cross-account');
    process.env[ENV] = emu.url;
    const credentials = await fromInstanceMetadata()();
    const owner = await emu.control.userCredentials('owner-admin');
    const ownerClient = new SecretsManagerClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials: owner,
    });
    const shared = await ownerClient.send(new GetSecretValueCommand({ SecretId: 'shared/db' }));
    const defaultKeyed = await ownerClient.send(
      new GetSecretValueCommand({ SecretId: 'shared/default-key' }),
    );

    const consumer = new SecretsManagerClient({
      endpoint: emu.url,
      region: 'us-east-2',
      credentials,
      maxAttempts: 1,
    });
    const read = await consumer.send(new GetSecretValueCommand({ SecretId: shared.ARN }));
    expect(read.SecretString).toContain('canary-6b1f8e3d0c92');

    await expect(
      consumer.send(new GetSecretValueCommand({ SecretId: defaultKeyed.ARN })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/^Access to KMS is not allowed/),
    });
    // A bare name is looked up in the caller's own account, where it does not exist.
    await expect(
      consumer.send(new GetSecretValueCommand({ SecretId: 'shared/db' })),
    ).rejects.toMatchObject({
      name: expect.stringMatching(/ResourceNotFoundException|AccessDeniedException/),
    });
  });
});
