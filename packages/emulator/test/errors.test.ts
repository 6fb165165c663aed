import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulatorRequestHandler } from '../src/index.js';
import { startWith } from './helpers.js';

const REGION = 'us-east-2';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const sm = (url: string, credentials: Creds, region = REGION) =>
  new SecretsManagerClient({ endpoint: url, region, credentials, maxAttempts: 1 });
const sts = (url: string, credentials: Creds) =>
  new STSClient({ endpoint: url, region: REGION, credentials, maxAttempts: 1 });

describe('error shapes', () => {
  it('unknown access key: UnrecognizedClientException (JSON) and InvalidClientTokenId (STS)', async () => {
    await using emu = await startWith('single-account');
    const stranger = {
      accessKeyId: 'AKIAEMULATORUNKNOWN1',
      secretAccessKey: 'not-a-real-secret-key-0000000000000000',
    };
    await expect(
      sm(emu.url, stranger).send(new GetSecretValueCommand({ SecretId: 'prod/db' })),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      sts(emu.url, stranger).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('wrong secret key: InvalidSignatureException (JSON) and SignatureDoesNotMatch (STS), without echoing the key', async () => {
    await using emu = await startWith('single-account');
    const { accessKeyId } = await emu.control.userCredentials('developer');
    const wrong = { accessKeyId, secretAccessKey: 'wrong-secret-key-canary-000000000000000' };
    const jsonError = await sm(emu.url, wrong)
      .send(new GetSecretValueCommand({ SecretId: 'prod/db' }))
      .catch((e: Error) => e);
    expect(jsonError).toMatchObject({ name: 'InvalidSignatureException' });
    expect((jsonError as Error).message).toContain('does not match the signature you provided');
    expect((jsonError as Error).message).not.toContain('wrong-secret-key');
    await expect(sts(emu.url, wrong).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('a JSON service on a regional AWS hostname refuses another signing region', async () => {
    await using emu = await startWith('single-account');
    const credentials = await emu.control.userCredentials('developer');
    const client = (region: string) =>
      new SecretsManagerClient({
        region,
        endpoint: 'https://secretsmanager.us-east-2.amazonaws.com',
        requestHandler: createEmulatorRequestHandler(emu.url),
        credentials,
        maxAttempts: 1,
      });
    await expect(
      client('us-east-2').send(new GetSecretValueCommand({ SecretId: 'prod/db' })),
    ).resolves.toMatchObject({
      Name: 'prod/db',
    });
    await expect(
      client('us-west-1').send(new GetSecretValueCommand({ SecretId: 'prod/db' })),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'us-west-1'. ",
    });
  });

  it('expired session token: ExpiredTokenException (JSON) and ExpiredToken (STS)', async () => {
    await using emu = await startWith('role-based-self-assume');
    const operator = await emu.control.userCredentials('operator');
    const assumed = await sts(emu.url, operator).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/vaultline-agent',
        RoleSessionName: 'soon-expired',
      }),
    );
    const session = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    await expect(
      sm(emu.url, session).send(new GetSecretValueCommand({ SecretId: 'agent/db' })),
    ).resolves.toBeDefined();
    expect((await emu.control.setCredentials({ expireNow: true })).expired).toBeGreaterThanOrEqual(
      1,
    );
    await expect(
      sm(emu.url, session).send(new GetSecretValueCommand({ SecretId: 'agent/db' })),
    ).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
    await expect(
      sts(emu.url, session).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'ExpiredToken',
    });
  });

  it('temporary key without its session token is refused as an invalid token', async () => {
    await using emu = await startWith('role-based-self-assume');
    const operator = await emu.control.userCredentials('operator');
    const assumed = await sts(emu.url, operator).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/vaultline-agent',
        RoleSessionName: 'no-token',
      }),
    );
    const withoutToken = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
    };
    await expect(
      sm(emu.url, withoutToken).send(new GetSecretValueCommand({ SecretId: 'agent/db' })),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('denied AssumeRole: AccessDenied naming the caller and the role', async () => {
    await using emu = await startWith('single-account');
    const developer = await emu.control.userCredentials('developer');
    await expect(
      sts(emu.url, developer).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111111111111:role/missing',
          RoleSessionName: 'nope',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message:
        'User: arn:aws:iam::111111111111:user/developer is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/missing',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('denied secret read: AccessDeniedException naming principal, action and the SecretId as given', async () => {
    await using emu = await startWith('single-account');
    const reader = await emu.control.userCredentials('reader');
    const error = await sm(emu.url, reader)
      .send(new GetSecretValueCommand({ SecretId: 'prod/db' }))
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'AccessDeniedException' });
    // The SecretId as the request gave it, as AWS names it (see conformance.test.ts).
    expect((error as Error).message).toBe(
      'User: arn:aws:iam::111111111111:user/reader is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db with an explicit deny in an identity-based policy',
    );
  });
});
