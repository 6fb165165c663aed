import { describe, expect, it } from 'vitest';
import {
  checkArnFields,
  formatSecretArn,
  isFullSecretArn,
  isSecretArn,
  parseArn,
  parseSecretArn,
  SECRET_ARN_PARTITIONS,
  secretNameOf,
} from './arn.js';
import { parseParameterArn } from './parameter-reference.js';

describe('parseSecretArn', () => {
  it.each([
    [
      'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/orders/db-a1B2c3',
      {
        partition: 'aws',
        region: 'us-east-2',
        accountId: '111122223333',
        name: 'prod/orders/db',
        suffix: 'a1B2c3',
      },
    ],
    [
      'arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestDatabaseSecret-a1b2c3',
      {
        partition: 'aws',
        region: 'us-west-2',
        accountId: '123456789012',
        name: 'MyTestDatabaseSecret',
        suffix: 'a1b2c3',
      },
    ],
    [
      'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:app',
      { partition: 'aws-cn', region: 'cn-north-1', accountId: '111122223333', name: 'app' },
    ],
    [
      'arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:app/key-ABCDEF',
      {
        partition: 'aws-us-gov',
        region: 'us-gov-west-1',
        accountId: '111122223333',
        name: 'app/key',
        suffix: 'ABCDEF',
      },
    ],
    [
      'arn:aws-eusc:secretsmanager:eusc-de-east-1:111122223333:secret:app',
      { partition: 'aws-eusc', region: 'eusc-de-east-1', accountId: '111122223333', name: 'app' },
    ],
    [
      'arn:aws-iso-b:secretsmanager:us-isob-east-1:111122223333:secret:app',
      { partition: 'aws-iso-b', region: 'us-isob-east-1', accountId: '111122223333', name: 'app' },
    ],
  ])('parses %s', (input, expected) => {
    expect(parseSecretArn(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['prod/db', 'MALFORMED_ARN'],
    ['arn:aws:s3:::bucket/key:x', 'NOT_A_SECRET_ARN'],
    ['arn:aws:iam::111122223333:role/agent', 'MALFORMED_ARN'],
    ['arn:aws:secretsmanager:us-east-2:111122223333:parameter:x', 'NOT_A_SECRET_ARN'],
    ['arn:azure:secretsmanager:us-east-2:111122223333:secret:x', 'UNKNOWN_PARTITION'],
    ['arn:aws:secretsmanager:US East (Ohio):111122223333:secret:x', 'INVALID_REGION'],
    ['arn:aws:secretsmanager:us-east-2:1111:secret:x', 'INVALID_ACCOUNT'],
    ['arn:aws:secretsmanager:us-east-2:111122223333:secret:bad name', 'INVALID_NAME'],
    ['arn:aws:secretsmanager:us-east-2:111122223333:secret:', 'INVALID_NAME'],
  ])('rejects %s with %s', (input, code) => {
    const result = parseSecretArn(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('formats full and partial ARNs', () => {
    const partial = {
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '444455556666',
      name: 'x/y',
    } as const;
    expect(formatSecretArn(partial)).toBe(
      'arn:aws:secretsmanager:eu-west-1:444455556666:secret:x/y',
    );
    expect(formatSecretArn({ ...partial, suffix: 'Zz9Yy8' })).toBe(
      'arn:aws:secretsmanager:eu-west-1:444455556666:secret:x/y-Zz9Yy8',
    );
  });

  it('tells full from partial ARNs', () => {
    expect(isSecretArn('arn:aws:secretsmanager:eu-west-1:444455556666:secret:x')).toBe(true);
    expect(isFullSecretArn('arn:aws:secretsmanager:eu-west-1:444455556666:secret:x')).toBe(false);
    expect(isFullSecretArn('arn:aws:secretsmanager:eu-west-1:444455556666:secret:x-abc123')).toBe(
      true,
    );
    expect(isSecretArn('x')).toBe(false);
  });
});

describe('parseArn', () => {
  it.each([
    [
      'arn:aws:iam::111122223333:role/team/agent',
      {
        partition: 'aws',
        service: 'iam',
        region: '',
        accountId: '111122223333',
        resource: 'role/team/agent',
      },
    ],
    [
      'arn:aws-eusc:kms:eusc-de-east-1:111122223333:key/1234abcd',
      {
        partition: 'aws-eusc',
        service: 'kms',
        region: 'eusc-de-east-1',
        accountId: '111122223333',
        resource: 'key/1234abcd',
      },
    ],
    [
      'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-a1B2c3',
      {
        partition: 'aws',
        service: 'secretsmanager',
        region: 'us-east-2',
        accountId: '111122223333',
        resource: 'secret:prod/db-a1B2c3',
      },
    ],
  ])('reads the fields of %s', (input, expected) => {
    expect(parseArn(input)).toEqual(expected);
  });

  it.each([
    'prod/db',
    'arn:aws:iam:role',
    'arn:azure:iam::111122223333:role/agent',
    'arn:aws::us-east-1:111122223333:x',
  ])('reads no ARN in %s', (input) => {
    expect(parseArn(input)).toBeUndefined();
  });
});

describe('secretNameOf', () => {
  it('reads the name out of full and partial ARNs', () => {
    expect(secretNameOf('arn:aws:secretsmanager:us-east-2:111111111111:secret:a/b-AbCdEf')).toBe(
      'a/b',
    );
    expect(secretNameOf('arn:aws:secretsmanager:us-east-2:111111111111:secret:a/b')).toBe('a/b');
    expect(secretNameOf('plain/name')).toBe('plain/name');
  });
});

describe('checkArnFields: one check of partition, region and account for secret and parameter ARNs', () => {
  const secret = ([partition, region, account]: readonly string[]) =>
    parseSecretArn(`arn:${partition}:secretsmanager:${region}:${account}:secret:prod/db`);
  const parameter = ([partition, region, account]: readonly string[]) =>
    parseParameterArn(`arn:${partition}:ssm:${region}:${account}:parameter/prod/db`);
  it.each([
    [
      ['awz', 'us-east-2', '111122223333'],
      'UNKNOWN_PARTITION',
      `unknown partition 'awz' in secret ARN: expected one of ${SECRET_ARN_PARTITIONS.join(', ')}`,
      "unknown partition 'awz' in the parameter ARN",
    ],
    [
      ['aws', 'Ohio', '111122223333'],
      'INVALID_REGION',
      "'Ohio' in the secret ARN is not a region code such as us-east-2",
      "'Ohio' in the parameter ARN is not a region code such as us-east-2",
    ],
    [
      ['aws', 'us-east-2', '1111'],
      'INVALID_ACCOUNT',
      "'1111' in the secret ARN is not a 12-digit AWS account id",
      "'1111' in the parameter ARN is not a 12-digit AWS account id",
    ],
  ] as const)('%j: %s', (fields, code, secretMessage, parameterMessage) => {
    for (const [result, message] of [
      [secret(fields), secretMessage],
      [parameter(fields), parameterMessage],
    ] as const) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect([result.error.code, result.error.message]).toEqual([code, message]);
    }
    expect(
      checkArnFields(
        { partition: 'aws', region: 'us-east-2', accountId: '111122223333' },
        'secret',
      ),
    ).toBeUndefined();
  });
});
