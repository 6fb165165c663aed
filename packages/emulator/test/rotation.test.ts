import {
  CancelRotateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from '../src/index.js';
import { useEmulator } from './helpers.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-2';
const LAMBDA = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate-db`;
const DAY_MS = 86_400_000;

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
      name: 'reader',
      policies: [
        {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              Resource: '*',
            },
          ],
        },
      ],
    },
  ],
  secrets: [
    {
      name: 'app/db',
      value: '{"username":"app","password":"canary-before-0b1c"}',
      rotation: { values: ['{"username":"app","password":"canary-rotated-1-5f2a"}'] },
    },
    { name: 'app/token', value: 'canary-token-8e3d' },
    {
      name: 'app/scheduled',
      value: 'canary-scheduled-2c7b',
      rotation: {
        automaticallyAfterDays: 7,
        lastRotatedDate: '2030-03-10T08:30:00Z',
        lambdaArn: LAMBDA,
      },
    },
  ],
};

/** 23:59:59 UTC of the day `days` after `from`: the end of a rotation window in days. */
const endOfDayAfter = (from: number, days: number) => {
  const d = new Date(from + days * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59);
};

let admin: SecretsManagerClient;
const emulator = useEmulator(scenario, {
  resetBeforeEach: true,
  setUp: async (emu) => {
    admin = new SecretsManagerClient({
      endpoint: emu.url,
      region: REGION,
      credentials: await emu.control.userCredentials('admin'),
      maxAttempts: 1,
    });
  },
  tearDown: () => admin.destroy(),
});

describe('RotateSecret', () => {
  it('schedules without rotating (RotateImmediately false): DescribeSecret and ListSecrets show the rules and NextRotationDate', async () => {
    const before = Date.now();
    const out = await admin.send(
      new RotateSecretCommand({
        SecretId: 'app/token',
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 30 },
        RotateImmediately: false,
      }),
    );
    expect(out.VersionId).toBeUndefined();
    const described = await admin.send(new DescribeSecretCommand({ SecretId: 'app/token' }));
    expect(described).toMatchObject({
      RotationEnabled: true,
      RotationLambdaARN: LAMBDA,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    expect(described.LastRotatedDate).toBeUndefined();
    expect(described.NextRotationDate?.getTime()).toBe(endOfDayAfter(before, 30));
    expect(Object.values(described.VersionIdsToStages ?? {})).toEqual([['AWSCURRENT']]);
    const value = await admin.send(new GetSecretValueCommand({ SecretId: 'app/token' }));
    expect(value.SecretString).toBe('canary-token-8e3d');

    const { SecretList } = await admin.send(new ListSecretsCommand({}));
    const listed = SecretList?.find((s) => s.Name === 'app/token');
    expect(listed).toMatchObject({
      RotationEnabled: true,
      RotationLambdaARN: LAMBDA,
      RotationRules: { AutomaticallyAfterDays: 30 },
      NextRotationDate: described.NextRotationDate,
    });
    expect(SecretList?.find((s) => s.Name === 'app/db')?.RotationEnabled).toBe(false);
    expect(SecretList?.find((s) => s.Name === 'app/db')?.NextRotationDate).toBeUndefined();
  });

  it('rotates immediately: a new version (the scenario value, then a generated one) becomes AWSCURRENT, the old one AWSPREVIOUS', async () => {
    const first = await admin.send(new GetSecretValueCommand({ SecretId: 'app/db' }));
    const token = '3f0e9c1a-7b7d-4c2e-9a55-2a0f6f4b1d01';
    const before = Date.now();
    const out = await admin.send(
      new RotateSecretCommand({
        SecretId: 'app/db',
        ClientRequestToken: token,
        RotationLambdaARN: LAMBDA,
        RotationRules: { ScheduleExpression: 'rate(10 days)', Duration: '3h' },
      }),
    );
    expect(out).toMatchObject({ Name: 'app/db', VersionId: token });
    const current = await admin.send(new GetSecretValueCommand({ SecretId: 'app/db' }));
    expect(current).toMatchObject({
      VersionId: token,
      SecretString: '{"username":"app","password":"canary-rotated-1-5f2a"}',
      VersionStages: ['AWSCURRENT'],
    });
    const previous = await admin.send(
      new GetSecretValueCommand({ SecretId: 'app/db', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.VersionId).toBe(first.VersionId);
    await expect(
      admin.send(new GetSecretValueCommand({ SecretId: 'app/db', VersionStage: 'AWSPENDING' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    const described = await admin.send(new DescribeSecretCommand({ SecretId: 'app/db' }));
    expect(described).toMatchObject({
      RotationEnabled: true,
      RotationRules: {
        AutomaticallyAfterDays: 10,
        ScheduleExpression: 'rate(10 days)',
        Duration: '3h',
      },
    });
    const rotatedAt = described.LastRotatedDate!.getTime();
    expect(rotatedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(described.NextRotationDate?.getTime()).toBe(endOfDayAfter(rotatedAt, 10));

    // The same request again (same token) is answered with the same version, no new rotation.
    const retried = await admin.send(
      new RotateSecretCommand({ SecretId: 'app/db', ClientRequestToken: token }),
    );
    expect(retried.VersionId).toBe(token);

    // The scenario's values are used up: the next rotation generates a new password and keeps
    // the other fields; the Lambda and rules configured before stay.
    const again = await admin.send(new RotateSecretCommand({ SecretId: 'app/db' }));
    expect(again.VersionId).not.toBe(token);
    const generated = JSON.parse(
      (await admin.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString!,
    ) as { username: string; password: string };
    expect(generated.username).toBe('app');
    expect(generated.password).toMatch(/^rotated-[A-Za-z0-9_-]{24}$/);
    const previousNow = await admin.send(
      new GetSecretValueCommand({ SecretId: 'app/db', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previousNow.VersionId).toBe(token);
  });

  it('rate(N hours): the window closes Duration (default one hour) after it opens', async () => {
    await admin.send(
      new RotateSecretCommand({
        SecretId: 'app/token',
        RotationLambdaARN: LAMBDA,
        RotationRules: { ScheduleExpression: 'rate(6 hours)' },
      }),
    );
    const described = await admin.send(new DescribeSecretCommand({ SecretId: 'app/token' }));
    expect(described.RotationRules).toEqual({ ScheduleExpression: 'rate(6 hours)' });
    expect(described.NextRotationDate!.getTime() - described.LastRotatedDate!.getTime()).toBe(
      7 * 3_600_000,
    );
  });

  it('a scenario can declare rotation: enabled from the start, counted from lastRotatedDate', async () => {
    const described = await admin.send(new DescribeSecretCommand({ SecretId: 'app/scheduled' }));
    expect(described).toMatchObject({
      RotationEnabled: true,
      RotationLambdaARN: LAMBDA,
      RotationRules: { AutomaticallyAfterDays: 7 },
      LastRotatedDate: new Date('2030-03-10T08:30:00Z'),
      NextRotationDate: new Date('2030-03-17T23:59:59Z'),
    });
  });

  it('CancelRotateSecret turns rotation off: no NextRotationDate, the rules stay', async () => {
    await admin.send(new CancelRotateSecretCommand({ SecretId: 'app/scheduled' }));
    const described = await admin.send(new DescribeSecretCommand({ SecretId: 'app/scheduled' }));
    expect(described.RotationEnabled).toBe(false);
    expect(described.NextRotationDate).toBeUndefined();
    expect(described.RotationRules).toEqual({ AutomaticallyAfterDays: 7 });
    // Turned on again without rules: the ones configured before apply.
    await admin.send(
      new RotateSecretCommand({ SecretId: 'app/scheduled', RotateImmediately: false }),
    );
    const again = await admin.send(new DescribeSecretCommand({ SecretId: 'app/scheduled' }));
    expect(again.RotationEnabled).toBe(true);
    expect(again.NextRotationDate).toBeInstanceOf(Date);
  });

  it.each([
    [
      'no Lambda configured nor given',
      { SecretId: 'app/token', RotationRules: { AutomaticallyAfterDays: 1 } },
      'InvalidRequestException',
      /doesn't already have a Lambda function ARN configured/,
    ],
    [
      'both AutomaticallyAfterDays and ScheduleExpression',
      {
        SecretId: 'app/token',
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 1, ScheduleExpression: 'rate(1 day)' },
      },
      'InvalidParameterException',
      /both/,
    ],
    [
      'a cron() expression (not evaluated here)',
      {
        SecretId: 'app/token',
        RotationLambdaARN: LAMBDA,
        RotationRules: { ScheduleExpression: 'cron(0 16 1,15 * ? *)' },
      },
      'InvalidParameterException',
      /only rate\(\)/,
    ],
    [
      'AutomaticallyAfterDays out of range',
      {
        SecretId: 'app/token',
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 1001 },
      },
      'InvalidParameterException',
      /between 1 and 1000/,
    ],
  ])('refuses %s', async (_, input, name, message) => {
    await expect(admin.send(new RotateSecretCommand(input))).rejects.toMatchObject({
      name,
      message: expect.stringMatching(message),
    });
    const described = await admin.send(new DescribeSecretCommand({ SecretId: 'app/token' }));
    expect(described.RotationEnabled).toBe(false);
  });

  it('refuses to start while a previous rotation is unfinished (an AWSPENDING version)', async () => {
    await admin.send(
      new PutSecretValueCommand({
        SecretId: 'app/token',
        SecretString: 'half-done',
        VersionStages: ['AWSPENDING'],
      }),
    );
    await expect(
      admin.send(
        new RotateSecretCommand({
          SecretId: 'app/token',
          RotationLambdaARN: LAMBDA,
          RotationRules: { AutomaticallyAfterDays: 1 },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/previous rotation isn.t complete/),
    });
    // CancelRotateSecret clears it; then rotation goes through.
    await admin.send(new CancelRotateSecretCommand({ SecretId: 'app/token' }));
    await admin.send(
      new RotateSecretCommand({
        SecretId: 'app/token',
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 1 },
      }),
    );
    const value = await admin.send(new GetSecretValueCommand({ SecretId: 'app/token' }));
    expect(value.SecretString).toMatch(/^rotated-/);
  });

  it('needs secretsmanager:RotateSecret', async () => {
    const reader = new SecretsManagerClient({
      endpoint: emulator().url,
      region: REGION,
      credentials: await emulator().control.userCredentials('reader'),
      maxAttempts: 1,
    });
    try {
      await expect(
        reader.send(
          new RotateSecretCommand({
            SecretId: 'app/token',
            RotationLambdaARN: LAMBDA,
            RotationRules: { AutomaticallyAfterDays: 1 },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining('secretsmanager:RotateSecret'),
      });
    } finally {
      reader.destroy();
    }
  });

  it('scenario validation: one schedule, rate() only', () => {
    const withRotation = (rotation: object) =>
      parseScenario({
        accounts: [{ id: ACCOUNT }],
        secrets: [{ name: 's', value: 'v', rotation }],
      });
    expect(() =>
      withRotation({ automaticallyAfterDays: 1, scheduleExpression: 'rate(1 day)' }),
    ).toThrow(/secrets\.0\.rotation.*not both/);
    expect(() => withRotation({ scheduleExpression: 'cron(0 1 * * ? *)' })).toThrow(
      /rate\(N days\)/,
    );
    expect(withRotation({ scheduleExpression: 'rate(3 days)' }).secrets[0]?.rotation).toBeDefined();
  });
});
