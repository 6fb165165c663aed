// Parameter Store through the AWS SDK v3 and the AWS CLI: the same calls, the same answers,
// in AWS's shapes and AWS's error codes and words.
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
const ACCOUNT = '111111111111';
const arnOf = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${path}`;

describe.each(drivers)('Parameter Store conformance through $name $note', ({ driver, skip }) => {
  const users: Record<string, DriverCredentials> = {};
  const emulator = useEmulator('parameters', {
    setUp: async (emu) => {
      for (const name of ['developer', 'orders-app', 'no-kms']) {
        users[name] = await emu.control.userCredentials(name);
      }
    },
  });
  const call = (operation: string, input: Record<string, unknown>, user = 'developer') =>
    driver.call('ssm', operation, input, {
      endpoint: emulator().url,
      region: REGION,
      credentials: users[user]!,
    });
  const failure = (promise: Promise<unknown>): Promise<DriverError> =>
    failureOf<unknown>(promise).then((error) => {
      if (error instanceof DriverError) return error;
      throw error;
    });

  it.skipIf(skip)(
    'puts a String, reads it in AWS shape, and versions it with Overwrite',
    async () => {
      expect(
        await call('PutParameter', { Name: '/t/put/host', Value: 'a', Type: 'String' }),
      ).toEqual({ Version: 1, Tier: 'Standard' });
      const exists = await failure(
        call('PutParameter', { Name: '/t/put/host', Value: 'b', Type: 'String' }),
      );
      expect([exists.code, exists.message]).toEqual([
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      ]);
      expect(
        await call('PutParameter', { Name: '/t/put/host', Value: 'b', Overwrite: true }),
      ).toEqual({ Version: 2, Tier: 'Standard' });
      const { Parameter } = (await call('GetParameter', { Name: '/t/put/host' })) as {
        Parameter: Record<string, unknown>;
      };
      expect(Parameter).toMatchObject({
        Name: '/t/put/host',
        Type: 'String',
        Value: 'b',
        Version: 2,
        ARN: arnOf('t/put/host'),
        DataType: 'text',
      });
      expect(Parameter.LastModifiedDate).toBeDefined();
    },
  );

  it.skipIf(skip)('selects versions and labels; missing ones fail with AWS codes', async () => {
    const get = (Name: string) =>
      call('GetParameter', { Name }).then((r) => (r.Parameter as Record<string, unknown>) ?? {});
    expect(await get('/prod/orders/db/host:1')).toMatchObject({
      Value: 'old-db.orders.internal',
      Version: 1,
      Selector: ':1',
    });
    expect(await get('/prod/orders/db/host:live')).toMatchObject({ Version: 2, Selector: ':live' });
    const version = await failure(get('/prod/orders/db/host:7'));
    expect([version.code, version.message]).toEqual([
      'ParameterVersionNotFound',
      'Systems Manager could not find version 7 of /prod/orders/db/host. Verify the version and try again.',
    ]);
    expect((await failure(get('/prod/orders/db/host:nolabel'))).code).toBe('ParameterNotFound');
    expect((await failure(get('/prod/orders/none'))).code).toBe('ParameterNotFound');
    expect(await get(arnOf('prod/orders/db/port'))).toMatchObject({ Value: '5432' });
    expect(await get('/feature-flag')).toMatchObject({ Name: 'feature-flag', Value: 'enabled' });
  });

  it.skipIf(skip)(
    'GetParameters lists what it cannot find and takes at most 10 names',
    async () => {
      const result = await call('GetParameters', {
        Names: [
          '/prod/orders/db/host',
          '/prod/orders/db/port:1',
          '/prod/orders/missing',
          '/prod/orders/db/port:9',
        ],
      });
      expect((result.Parameters as { Name: string }[]).map((p) => p.Name).sort()).toEqual([
        '/prod/orders/db/host',
        '/prod/orders/db/port',
      ]);
      expect((result.InvalidParameters as string[]).sort()).toEqual([
        '/prod/orders/db/port:9',
        '/prod/orders/missing',
      ]);
      const tooMany = await failure(
        call('GetParameters', { Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) }),
      );
      expect(tooMany.code).toBe('ValidationException');
      expect(tooMany.message).toMatch(
        /at 'names' failed to satisfy constraint: Member must have length less than or equal to 10/,
      );
    },
  );

  it.skipIf(skip)('GetParametersByPath: one level or recursive, every page', async () => {
    const all = async (input: Record<string, unknown>): Promise<string[]> => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await call('GetParametersByPath', {
          ...input,
          MaxResults: 2,
          NextToken: token,
        });
        names.push(...(page.Parameters as { Name: string }[]).map((p) => p.Name));
        token = page.NextToken as string | undefined;
      } while (token);
      return names;
    };
    expect(await all({ Path: '/prod/orders' })).toEqual([
      '/prod/orders/allowed-hosts',
      '/prod/orders/api-key',
    ]);
    expect(await all({ Path: '/prod/orders/', Recursive: true })).toEqual([
      '/prod/orders/allowed-hosts',
      '/prod/orders/api-key',
      '/prod/orders/db/host',
      '/prod/orders/db/password',
      '/prod/orders/db/port',
      '/prod/orders/db/replica-passwords',
      '/prod/orders/feature/flags/beta',
    ]);
  });

  it.skipIf(skip)('SecureString: ciphertext without decryption, the value with it', async () => {
    await call('PutParameter', {
      Name: '/t/secure/pw',
      Value: 'canary-0a1b2c3d4e5f',
      Type: 'SecureString',
    });
    const plain = await call('GetParameter', { Name: '/t/secure/pw' });
    expect((plain.Parameter as { Value: string }).Value).not.toContain('canary-0a1b2c3d4e5f');
    const decrypted = await call('GetParameter', { Name: '/t/secure/pw', WithDecryption: true });
    expect(decrypted.Parameter).toMatchObject({
      Type: 'SecureString',
      Value: 'canary-0a1b2c3d4e5f',
    });
    const described = await call('DescribeParameters', {
      ParameterFilters: [{ Key: 'Name', Values: ['/t/secure/pw'] }],
    });
    expect(described.Parameters).toEqual([
      expect.objectContaining({
        Name: '/t/secure/pw',
        Type: 'SecureString',
        KeyId: 'alias/aws/ssm',
        Version: 1,
      }),
    ]);
    const badKey = await failure(
      call('PutParameter', {
        Name: '/t/secure/k',
        Value: 'x',
        Type: 'SecureString',
        KeyId: 'alias/none',
      }),
    );
    expect(badKey.code).toBe('InvalidKeyId');
  });

  it.skipIf(skip)('refuses names as AWS does', async () => {
    const put = (Name: string) =>
      failure(call('PutParameter', { Name, Value: 'v', Type: 'String' }));
    const reserved = await put('/aws/x/y');
    expect([reserved.code, reserved.message]).toEqual([
      'AccessDeniedException',
      'No access to reserved parameter name: /aws/x/y.',
    ]);
    expect(await put('ssmthing')).toMatchObject({
      code: 'ValidationException',
      message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    });
    expect(await put('a/b')).toMatchObject({
      code: 'ValidationException',
      message: 'Parameter name must be a fully qualified name.',
    });
    expect((await put('/a b')).message).toMatch(
      /each sub-path can be formed as a mix of letters, numbers and the following 3 symbols \.-_$/,
    );
    const deep = `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`;
    expect((await put(deep)).code).toBe('HierarchyLevelLimitExceededException');
  });

  it.skipIf(skip)('labels move between versions; invalid labels come back', async () => {
    await call('PutParameter', { Name: '/t/label/x', Value: '1', Type: 'String' });
    await call('PutParameter', { Name: '/t/label/x', Value: '2', Overwrite: true });
    expect(
      await call('LabelParameterVersion', {
        Name: '/t/label/x',
        ParameterVersion: 1,
        Labels: ['blue', 'awsbad'],
      }),
    ).toEqual({ InvalidLabels: ['awsbad'], ParameterVersion: 1 });
    expect(await call('LabelParameterVersion', { Name: '/t/label/x', Labels: ['blue'] })).toEqual({
      InvalidLabels: [],
      ParameterVersion: 2,
    });
    const blue = await call('GetParameter', { Name: '/t/label/x:blue' });
    expect(blue.Parameter).toMatchObject({ Value: '2', Version: 2 });
    const labels = Array.from({ length: 9 }, (_, i) => `l${i}`);
    await call('LabelParameterVersion', { Name: '/t/label/x', Labels: labels });
    const limit = await failure(
      call('LabelParameterVersion', { Name: '/t/label/x', Labels: ['one-more'] }),
    );
    expect(limit.code).toBe('ParameterVersionLabelLimitExceeded');
  });

  it.skipIf(skip)('deletes a parameter; a missing one is ParameterNotFound', async () => {
    await call('PutParameter', { Name: '/t/delete/x', Value: 'v', Type: 'String' });
    expect(await call('DeleteParameter', { Name: '/t/delete/x' })).toEqual({});
    expect((await failure(call('DeleteParameter', { Name: '/t/delete/x' }))).code).toBe(
      'ParameterNotFound',
    );
    expect((await failure(call('GetParameter', { Name: '/t/delete/x' }))).code).toBe(
      'ParameterNotFound',
    );
  });

  it.skipIf(skip)('IAM: parameter actions on parameter ARNs, kms:Decrypt through ssm', async () => {
    const read = (Name: string, user: string) =>
      call('GetParameter', { Name, WithDecryption: true }, user).then(
        (r) => (r.Parameter as { Value: string }).Value,
      );
    expect(await read('/prod/orders/db/password', 'orders-app')).toBe('canary-9d2f6a1c8e3b');
    expect(await read('/prod/orders/api-key', 'orders-app')).toBe('canary-c7e1b5d3a904');
    // The AWS managed key aws/ssm lets every principal of the account decrypt through
    // Parameter Store (its key policy); a customer managed key needs kms:Decrypt in IAM.
    expect(await read('/prod/orders/db/password', 'no-kms')).toBe('canary-9d2f6a1c8e3b');
    const kms = await failure(read('/prod/orders/api-key', 'no-kms'));
    expect(kms.code).toBe('AccessDeniedException');
    expect(kms.message).toMatch(
      /^The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access\. \(Service: AWSKMS;/,
    );
    expect(kms.message).not.toContain('canary');
    const denied = await failure(read('/feature-flag', 'orders-app'));
    expect(denied.code).toBe('AccessDeniedException');
    expect(denied.message).toContain(
      `not authorized to perform: ssm:GetParameter on resource: ${arnOf('feature-flag')}`,
    );
    const byPath = await failure(call('GetParametersByPath', { Path: '/prod' }, 'orders-app'));
    expect(byPath.message).toContain(`ssm:GetParametersByPath on resource: ${arnOf('prod')}`);
  });

  it.skipIf(skip)('reads a parameter another account shares, by ARN only', async () => {
    const shared = 'arn:aws:ssm:us-east-2:222222222222:parameter/shared/orders/endpoint';
    const result = await call('GetParameter', { Name: shared }, 'orders-app');
    expect(result.Parameter).toMatchObject({
      Value: 'https://orders.shared.example.com',
      ARN: shared,
    });
    const byName = await failure(
      call('GetParameter', { Name: '/shared/orders/endpoint' }, 'orders-app'),
    );
    expect(byName.code).toBe('AccessDeniedException');
  });
  it.skipIf(skip)(
    'GetParameterHistory lists every version; UnlabelParameterVersion and DeleteParameters',
    async () => {
      const Name = '/t/history/x';
      await call('PutParameter', { Name, Value: 'one', Type: 'String', Description: 'first' });
      await call('PutParameter', { Name, Value: 'two', Overwrite: true });
      await call('LabelParameterVersion', { Name, ParameterVersion: 1, Labels: ['old', 'keep'] });
      const history = (await call('GetParameterHistory', { Name })).Parameters as Record<
        string,
        unknown
      >[];
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({
        Name,
        Type: 'String',
        Value: 'one',
        Version: 1,
        Description: 'first',
        Labels: ['old', 'keep'],
        Tier: 'Standard',
        Policies: [],
        DataType: 'text',
        LastModifiedUser: `arn:aws:iam::${ACCOUNT}:user/developer`,
      });
      expect(history[1]).toMatchObject({ Value: 'two', Version: 2, Labels: [] });
      const paged = await call('GetParameterHistory', { Name, MaxResults: 1 });
      expect((paged.Parameters as unknown[]).length).toBe(1);
      expect(paged.NextToken).toEqual(expect.any(String));

      expect(
        await call('UnlabelParameterVersion', {
          Name,
          ParameterVersion: 1,
          Labels: ['old', 'never'],
        }),
      ).toEqual({ RemovedLabels: ['old'], InvalidLabels: ['never'] });
      const missingVersion = await failure(
        call('UnlabelParameterVersion', { Name, ParameterVersion: 9, Labels: ['keep'] }),
      );
      expect([missingVersion.code, missingVersion.message]).toEqual([
        'ParameterVersionNotFound',
        `Systems Manager could not find version 9 of ${Name}. Verify the version and try again.`,
      ]);

      await call('PutParameter', { Name: '/t/history/y', Value: 'y', Type: 'String' });
      expect(
        await call('DeleteParameters', { Names: [Name, '/t/history/y', '/t/history/none'] }),
      ).toEqual({
        DeletedParameters: [Name, '/t/history/y'],
        InvalidParameters: ['/t/history/none'],
      });
      // IAM: each action on the parameter's ARN, refused in AWS's words.
      for (const [operation, input] of [
        ['GetParameterHistory', { Name: '/prod/orders/db/host' }],
        ['DeleteParameters', { Names: ['/prod/orders/db/host'] }],
        [
          'UnlabelParameterVersion',
          { Name: '/prod/orders/db/host', ParameterVersion: 2, Labels: ['live'] },
        ],
      ] as const) {
        const action = `ssm:${operation}`;
        expectAwsError(await failure(call(operation, input, 'orders-app')), {
          code: 'AccessDeniedException',
          operation,
          message: `User: arn:aws:iam::${ACCOUNT}:user/orders-app is not authorized to perform: ${action} on resource: ${arnOf('prod/orders/db/host')} because no identity-based policy allows the ${action} action`,
        });
      }
      // GetParameterHistory of a missing parameter: ParameterNotFound, with no message.
      expect((await failure(call('GetParameterHistory', { Name }))).code).toBe('ParameterNotFound');
    },
  );

  it.skipIf(skip)(
    '/aws/reference/secretsmanager/<secret> through GetParameter(s), WithDecryption only',
    async () => {
      const reference = '/aws/reference/secretsmanager/prod/orders/db';
      const { ARN, VersionId } = await driver
        .call(
          'secretsmanager',
          'DescribeSecret',
          { SecretId: 'prod/orders/db' },
          { endpoint: emulator().url, region: REGION, credentials: users.developer! },
        )
        .then((described) => ({
          ARN: described.ARN as string,
          VersionId: Object.keys(described.VersionIdsToStages as object)[0]!,
        }));
      const { Parameter } = (await call('GetParameter', {
        Name: reference,
        WithDecryption: true,
      })) as { Parameter: Record<string, unknown> };
      expect(Parameter).toMatchObject({
        Name: reference,
        Type: 'SecureString',
        Value: '{"username":"orders","password":"canary-4b1e7c9a2d06"}',
        Version: 0,
        ARN,
      });
      expect(Parameter).not.toHaveProperty('DataType');
      expect(JSON.parse(String(Parameter.SourceResult))).toMatchObject({
        ARN,
        name: 'prod/orders/db',
        versionId: VersionId,
        versionStages: ['AWSCURRENT'],
      });
      const byStage = (await call('GetParameter', {
        Name: `${reference}:AWSCURRENT`,
        WithDecryption: true,
      })) as { Parameter: Record<string, unknown> };
      expect(byStage.Parameter).toMatchObject({ Selector: ':AWSCURRENT', Version: 0 });

      // AWS's words: moto's ssm tests and floci's SsmSecretsManagerReference*IntegrationTest
      // (measured against AWS); the second has two spaces before <name>, as AWS sends it.
      const errors: [Record<string, unknown>, string, string, string?][] = [
        [
          { Name: reference },
          'ValidationException',
          'WithDecryption flag must be True for retrieving a Secret Manager secret.',
        ],
        [
          { Name: `${reference}:AWSCURRENT:extra`, WithDecryption: true },
          'ValidationException',
          'Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>',
        ],
        [
          { Name: `${reference}-missing`, WithDecryption: true },
          'ParameterNotFound',
          'An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret aws/reference/secretsmanager/prod/orders/db-missingnull not found.',
        ],
        [
          { Name: `${reference}:NOSUCHSTAGE`, WithDecryption: true },
          'ParameterNotFound',
          'An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret aws/reference/secretsmanager/prod/orders/db:NOSUCHSTAGE not found.',
        ],
        // The caller's own secretsmanager:GetSecretValue is checked; AWS reports a refusal
        // only as a failed dependency, whether or not the secret exists.
        [
          { Name: reference, WithDecryption: true },
          'ValidationException',
          'An error occurred while calling one AWS dependency service.',
          'no-kms',
        ],
      ];
      for (const [input, code, message, user] of errors) {
        const error = await failure(call('GetParameter', input, user));
        expectAwsError(error, { code, operation: 'GetParameter', message });
      }

      const batch = await call('GetParameters', {
        Names: [reference, `${reference}-missing`, `${reference}:a:b`, '/prod/orders/db/port'],
        WithDecryption: true,
      });
      expect((batch.Parameters as { Name: string }[]).map((p) => p.Name).sort()).toEqual([
        reference,
        '/prod/orders/db/port',
      ]);
      expect((batch.InvalidParameters as string[]).sort()).toEqual([
        `${reference}-missing`,
        `${reference}:a:b`,
      ]);
      const plain = await call('GetParameters', { Names: [reference, '/prod/orders/db/port'] });
      expect(plain.InvalidParameters).toEqual([reference]);
      const refused = await failure(
        call('GetParameters', { Names: [reference], WithDecryption: true }, 'no-kms'),
      );
      expectAwsError(refused, {
        code: 'ValidationException',
        operation: 'GetParameters',
        message: 'An error occurred while calling one AWS dependency service.',
      });
    },
  );
});
