import { describe, expect, it } from 'vitest';
import {
  cliAvailability,
  cliDriver,
  type Driver,
  type DriverCredentials,
  DriverError,
  expectAwsError,
  sdkDriver,
} from './drivers.js';
import { failureOf, useEmulator } from './helpers.js';

const cli = cliAvailability();
if (!cli.available) console.warn(`[emulator conformance] AWS CLI cases skipped: ${cli.reason}`);

// A driver that cannot run is skipped with its reason in the suite title (under CI a missing
// AWS CLI throws above instead: it fails the run).
const drivers: { driver: Driver; name: string; skip: boolean; note: string }[] = [
  { driver: sdkDriver, name: sdkDriver.name, skip: false, note: '' },
  {
    driver: cliDriver,
    name: cliDriver.name,
    skip: !cli.available,
    note: cli.reason ? ` (skipped: ${cli.reason})` : '',
  },
];

const REGION = 'us-east-2';

// AWS's exact words for the errors below, each from where AWS's own answer is recorded. Each
// is checked through the SDK and, with the operation's name, in the line the AWS CLI prints.
const AWS_SAYS = {
  // Secrets Manager API reference, GetSecretValue > Errors > ResourceNotFoundException; moto
  // secretsmanager/exceptions.py SecretNotFoundException (the same words).
  secretNotFound: "Secrets Manager can't find the specified secret.",
  // AWS's answer quoted in external-secrets/kubernetes-external-secrets#114 and
  // hashicorp/terraform-provider-aws#23998 (moto's "currently marked deleted" is not AWS's).
  markedForDeletion:
    "You can't perform this operation on the secret because it was marked for deletion.",
  // IAM User Guide, "Troubleshoot access denied error messages" (explicit deny in an
  // identity-based policy). Secrets Manager names the SecretId as the request gave it: AWS's
  // answer for SecretId="foo" recorded in infrahouse/terraform-aws-secret's tests ("on
  // resource: foo with an explicit deny in a resource-based policy"), and for a name in
  // mongodb/awscdk-resources-mongodbatlas#207 ("on resource: cfn/atlas/profile/development").
  readerDenied: (secretId: string) =>
    `User: arn:aws:iam::111111111111:user/reader is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId} with an explicit deny in an identity-based policy`,
  // KMS sends no message for InvalidCiphertextException: its body is
  // {"__type":"InvalidCiphertextException"} (aws/aws-nitro-enclaves-sdk-c#68; "null
  // message" in aws/aws-sdk-java#1323); botocore prints nothing after the colon.
  invalidCiphertext: '',
  // STS API reference, Common Errors > InvalidClientTokenId; moto core/exceptions.py
  // InvalidClientTokenIdError (the same words).
  invalidClientTokenId: 'The security token included in the request is invalid.',
  // STS names the caller and the role and no reason for a trust policy that does not allow
  // (IAM User Guide, "Troubleshoot access denied error messages", role trust policies;
  // moto sts/exceptions.py AccessDeniedError for AssumeRole uses the same sentence).
  // The answer to a signature made with the wrong secret key: Secrets Manager's (JSON)
  // InvalidSignatureException and STS's SignatureDoesNotMatch carry the same sentence (AWS
  // STS API reference, Common Errors; botocore's recorded answers; moto core/exceptions.py
  // SignatureDoesNotMatchError).
  signatureDoesNotMatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  // Secrets Manager API reference, GetSecretValue > Errors > DecryptionFailure.
  decryptionFailure:
    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  // The AWS CLI's lines for a disabled key and a key pending deletion, as users recorded them
  // ("An error occurred (DisabledException) when calling the Decrypt operation:
  // arn:aws:kms:…:key/… is disabled." and "… (KMSInvalidStateException) … is pending deletion.").
  keyDisabled: (keyArn: string) => `${keyArn} is disabled.`,
  keyPendingDeletion: (keyArn: string) => `${keyArn} is pending deletion.`,
  assumeRoleDenied: (caller: string, role: string) =>
    `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`,
};

describe.each(drivers)('conformance through $name $note', ({ driver, skip }) => {
  let developer: DriverCredentials;
  let operator: DriverCredentials;
  const emulator = useEmulator('single-account', {
    setUp: async (emu) => {
      developer = await emu.control.userCredentials('developer');
    },
  });
  const roleEmulator = useEmulator('role-based-self-assume', {
    setUp: async (emu) => {
      operator = await emu.control.userCredentials('operator');
    },
  });
  const call = (
    service: 'secretsmanager' | 'kms' | 'sts',
    operation: string,
    input: Record<string, unknown> = {},
    credentials = developer,
  ) =>
    driver.call(service, operation, input, {
      endpoint: emulator().url,
      region: REGION,
      credentials,
    });
  const failure = (promise: Promise<unknown>): Promise<DriverError> =>
    failureOf<unknown>(promise).then((error) => {
      if (error instanceof DriverError) return error;
      throw error;
    });

  it.skipIf(skip)('reads a string secret by name, full ARN and partial ARN', async () => {
    const byName = await call('secretsmanager', 'GetSecretValue', { SecretId: 'prod/db' });
    expect(byName).toMatchObject({ Name: 'prod/db', VersionStages: ['AWSCURRENT'] });
    expect(String(byName.SecretString)).toContain('canary-7f3a91c2d4e8');
    const arn = String(byName.ARN);
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:us-east-2:111111111111:secret:prod\/db-[A-Za-z0-9]{6}$/,
    );
    expect((await call('secretsmanager', 'GetSecretValue', { SecretId: arn })).SecretString).toBe(
      byName.SecretString,
    );
    const partial = arn.slice(0, -7);
    expect(
      (await call('secretsmanager', 'GetSecretValue', { SecretId: partial })).SecretString,
    ).toBe(byName.SecretString);
  });

  it.skipIf(skip)('reads a binary secret and the AWSPREVIOUS version', async () => {
    const binary = await call('secretsmanager', 'GetSecretValue', { SecretId: 'app/tls-key' });
    expect(Buffer.from(String(binary.SecretBinary), 'base64').toString()).toBe(
      'canary-e4d29b7c05a1\n',
    );
    const previous = await call('secretsmanager', 'GetSecretValue', {
      SecretId: 'app/api-key',
      VersionStage: 'AWSPREVIOUS',
    });
    expect(previous.SecretString).toBe('canary-1c8f4e6b2a09');
  });

  it.skipIf(skip)(
    'creates, rotates stages, lists versions, describes, tags, deletes and restores',
    async () => {
      const name = `conformance/${driver.name.replace(/\W/g, '')}`;
      const created = await call('secretsmanager', 'CreateSecret', {
        Name: name,
        SecretString: 'v1',
        Tags: [{ Key: 'k', Value: 'v' }],
      });
      const put = await call('secretsmanager', 'PutSecretValue', {
        SecretId: name,
        SecretString: 'v2',
      });
      expect(put.VersionStages).toEqual(['AWSCURRENT']);
      const versions = await call('secretsmanager', 'ListSecretVersionIds', { SecretId: name });
      const stages = Object.fromEntries(
        (versions.Versions as { VersionId: string; VersionStages: string[] }[]).map((v) => [
          v.VersionId,
          v.VersionStages,
        ]),
      );
      expect(stages[String(created.VersionId)]).toEqual(['AWSPREVIOUS']);
      await call('secretsmanager', 'UpdateSecretVersionStage', {
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: created.VersionId,
        RemoveFromVersionId: put.VersionId,
      });
      expect(
        (await call('secretsmanager', 'GetSecretValue', { SecretId: name })).SecretString,
      ).toBe('v1');
      await call('secretsmanager', 'TagResource', {
        SecretId: name,
        Tags: [{ Key: 'team', Value: 'x' }],
      });
      const described = await call('secretsmanager', 'DescribeSecret', { SecretId: name });
      expect(described.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'k', Value: 'v' },
          { Key: 'team', Value: 'x' },
        ]),
      );
      const listed = await call('secretsmanager', 'ListSecrets', {
        Filters: [{ Key: 'name', Values: ['conformance/'] }],
      });
      expect((listed.SecretList as { Name: string }[]).map((s) => s.Name)).toContain(name);
      await call('secretsmanager', 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
      const deleted = await failure(call('secretsmanager', 'GetSecretValue', { SecretId: name }));
      expectAwsError(deleted, {
        code: 'InvalidRequestException',
        operation: 'GetSecretValue',
        message: AWS_SAYS.markedForDeletion,
      });
      await call('secretsmanager', 'RestoreSecret', { SecretId: name });
      expect(
        (await call('secretsmanager', 'GetSecretValue', { SecretId: name })).SecretString,
      ).toBe('v1');
    },
  );

  // Debian's AWS CLI 2.9.19 predates batch-get-secret-value: this case runs through the SDK only.
  it.skipIf(skip || driver === cliDriver)(
    'BatchGetSecretValue returns values and per-secret Errors (SDK only: AWS CLI 2.9.19 lacks batch-get-secret-value)',
    async () => {
      const batch = await call('secretsmanager', 'BatchGetSecretValue', {
        SecretIdList: ['prod/db', 'app/none'],
      });
      expect((batch.SecretValues as { Name: string }[]).map((v) => v.Name)).toEqual(['prod/db']);
      expect(batch.Errors).toEqual([
        expect.objectContaining({ SecretId: 'app/none', ErrorCode: 'ResourceNotFoundException' }),
      ]);
    },
  );

  it.skipIf(skip)('puts, gets and deletes a resource policy', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    });
    await call('secretsmanager', 'PutResourcePolicy', {
      SecretId: 'app/api-key',
      ResourcePolicy: policy,
    });
    expect(
      (await call('secretsmanager', 'GetResourcePolicy', { SecretId: 'app/api-key' }))
        .ResourcePolicy,
    ).toBe(policy);
    await call('secretsmanager', 'DeleteResourcePolicy', { SecretId: 'app/api-key' });
    expect(
      (await call('secretsmanager', 'GetResourcePolicy', { SecretId: 'app/api-key' }))
        .ResourcePolicy,
    ).toBeUndefined();
  });

  it.skipIf(skip)('refuses unknown secrets and denied readers the AWS way', async () => {
    const missing = await failure(
      call('secretsmanager', 'GetSecretValue', { SecretId: 'nope/none' }),
    );
    expectAwsError(missing, {
      code: 'ResourceNotFoundException',
      operation: 'GetSecretValue',
      message: AWS_SAYS.secretNotFound,
    });
    // An unknown access key, then a known key signed with the wrong secret: the JSON protocol's
    // codes, with the same words as STS's (below).
    const stranger = {
      accessKeyId: 'AKIAEMULATORUNKNOWN1',
      secretAccessKey: 'not-a-real-secret-key-0000000000000000',
    };
    expectAwsError(
      await failure(call('secretsmanager', 'GetSecretValue', { SecretId: 'prod/db' }, stranger)),
      {
        code: 'UnrecognizedClientException',
        operation: 'GetSecretValue',
        message: AWS_SAYS.invalidClientTokenId,
      },
    );
    const wrongSecret = { ...developer, secretAccessKey: 'wrong-secret-key-0000000000000000000' };
    for (const [service, operation, code] of [
      ['secretsmanager', 'GetSecretValue', 'InvalidSignatureException'],
      ['sts', 'GetCallerIdentity', 'SignatureDoesNotMatch'],
    ] as const) {
      const input = service === 'sts' ? {} : { SecretId: 'prod/db' };
      expectAwsError(await failure(call(service, operation, input, wrongSecret)), {
        code,
        operation,
        message: AWS_SAYS.signatureDoesNotMatch,
      });
    }
    const reader = await emulator().control.userCredentials('reader');
    const { ARN } = await call('secretsmanager', 'DescribeSecret', { SecretId: 'prod/db' });
    for (const secretId of ['prod/db', String(ARN)]) {
      const denied = await failure(
        call('secretsmanager', 'GetSecretValue', { SecretId: secretId }, reader),
      );
      expectAwsError(denied, {
        code: 'AccessDeniedException',
        operation: 'GetSecretValue',
        message: AWS_SAYS.readerDenied(secretId),
      });
    }
  });

  it.skipIf(skip)(
    'KMS: creates a key and alias, encrypts and decrypts, lists aliases, reads the key policy',
    async () => {
      const key = await call('kms', 'CreateKey', { Description: 'conformance' });
      const keyId = String((key.KeyMetadata as { KeyId: string }).KeyId);
      const alias = `alias/conformance-${driver.name.replace(/\W/g, '').toLowerCase()}`;
      await call('kms', 'CreateAlias', { AliasName: alias, TargetKeyId: keyId });
      const described = await call('kms', 'DescribeKey', { KeyId: alias });
      expect(described.KeyMetadata).toMatchObject({ KeyId: keyId, KeyManager: 'CUSTOMER' });
      const plaintext = Buffer.from('canary-kms-roundtrip').toString('base64');
      const encrypted = await call('kms', 'Encrypt', {
        KeyId: alias,
        Plaintext: plaintext,
        EncryptionContext: { app: 'x' },
      });
      const decrypted = await call('kms', 'Decrypt', {
        CiphertextBlob: encrypted.CiphertextBlob,
        EncryptionContext: { app: 'x' },
      });
      expect(decrypted.Plaintext).toBe(plaintext);
      const wrongContext = await failure(
        call('kms', 'Decrypt', { CiphertextBlob: encrypted.CiphertextBlob }),
      );
      expectAwsError(wrongContext, {
        code: 'InvalidCiphertextException',
        operation: 'Decrypt',
        message: AWS_SAYS.invalidCiphertext,
      });
      const aliases = await call('kms', 'ListAliases', {});
      expect((aliases.Aliases as { AliasName: string }[]).map((a) => a.AliasName)).toEqual(
        expect.arrayContaining([alias, 'alias/aws/secretsmanager']),
      );
      const policy = await call('kms', 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' });
      expect(JSON.parse(String(policy.Policy)).Statement[0].Principal.AWS).toBe(
        'arn:aws:iam::111111111111:root',
      );
      await call('kms', 'PutKeyPolicy', {
        KeyId: keyId,
        PolicyName: 'default',
        Policy: policy.Policy,
      });
    },
  );

  it.skipIf(skip)(
    'KMS key states: a disabled key or one pending deletion, in KMS and behind Secrets Manager',
    async () => {
      const key = await call('kms', 'CreateKey', { Description: 'conformance key states' });
      const { KeyId, Arn } = key.KeyMetadata as { KeyId: string; Arn: string };
      const name = `conformance/key-state-${driver.name.replace(/\W/g, '')}`;
      await call('secretsmanager', 'CreateSecret', {
        Name: name,
        SecretString: 'canary-key-state',
        KmsKeyId: KeyId,
      });
      const { CiphertextBlob } = await call('kms', 'Encrypt', {
        KeyId,
        Plaintext: Buffer.from('x').toString('base64'),
      });
      const expectStateErrors = async (kmsCode: string, kmsMessage: string) => {
        expectAwsError(await failure(call('kms', 'Decrypt', { CiphertextBlob })), {
          code: kmsCode,
          operation: 'Decrypt',
          message: kmsMessage,
        });
        const read = await failure(call('secretsmanager', 'GetSecretValue', { SecretId: name }));
        expectAwsError(read, {
          code: 'DecryptionFailure',
          operation: 'GetSecretValue',
          message: AWS_SAYS.decryptionFailure,
        });
      };
      await call('kms', 'DisableKey', { KeyId });
      await expectStateErrors('DisabledException', AWS_SAYS.keyDisabled(Arn));
      await call('kms', 'EnableKey', { KeyId });
      await call('kms', 'ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
      await expectStateErrors('KMSInvalidStateException', AWS_SAYS.keyPendingDeletion(Arn));
      await call('kms', 'CancelKeyDeletion', { KeyId });
      await call('kms', 'EnableKey', { KeyId });
      expect(
        (await call('secretsmanager', 'GetSecretValue', { SecretId: name })).SecretString,
      ).toBe('canary-key-state');
    },
  );

  it.skipIf(skip)(
    'STS: GetCallerIdentity, AssumeRole (with and without ExternalId) and the issued credentials',
    async () => {
      const who = await call('sts', 'GetCallerIdentity');
      expect(who).toMatchObject({
        Account: '111111111111',
        Arn: 'arn:aws:iam::111111111111:user/developer',
      });
      const unknown = await failure(call('sts', 'GetCallerIdentity', {}, operator));
      expectAwsError(unknown, {
        code: 'InvalidClientTokenId',
        operation: 'GetCallerIdentity',
        message: AWS_SAYS.invalidClientTokenId,
      });
      const options = { endpoint: roleEmulator().url, region: REGION, credentials: operator };
      const assumed = await driver.call(
        'sts',
        'AssumeRole',
        {
          RoleArn: 'arn:aws:iam::222222222222:role/vaultline-agent',
          RoleSessionName: 'conformance',
        },
        options,
      );
      const issued = assumed.Credentials as {
        AccessKeyId: string;
        SecretAccessKey: string;
        SessionToken: string;
      };
      expect(issued.AccessKeyId).toMatch(/^ASIA/);
      const asRole = await driver.call(
        'sts',
        'GetCallerIdentity',
        {},
        {
          ...options,
          credentials: {
            accessKeyId: issued.AccessKeyId,
            secretAccessKey: issued.SecretAccessKey,
            sessionToken: issued.SessionToken,
          },
        },
      );
      expect(asRole.Arn).toBe('arn:aws:sts::222222222222:assumed-role/vaultline-agent/conformance');
      const partner = 'arn:aws:iam::222222222222:role/partner-access';
      const noExternalId = await failure(
        driver.call('sts', 'AssumeRole', { RoleArn: partner, RoleSessionName: 'partner' }, options),
      );
      expectAwsError(noExternalId, {
        code: 'AccessDenied',
        operation: 'AssumeRole',
        message: AWS_SAYS.assumeRoleDenied('arn:aws:iam::222222222222:user/operator', partner),
      });
      const withExternalId = await driver.call(
        'sts',
        'AssumeRole',
        { RoleArn: partner, RoleSessionName: 'partner', ExternalId: 'vaultline-partner-0001' },
        options,
      );
      expect((withExternalId.AssumedRoleUser as { Arn: string }).Arn).toContain(
        'assumed-role/partner-access/partner',
      );
    },
  );
});
