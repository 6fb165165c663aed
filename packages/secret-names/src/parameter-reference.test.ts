import { describe, expect, it } from 'vitest';
import {
  crossAccountParameterNote,
  formatParameterArn,
  formatParameterReference,
  labelProblem,
  parameterRegionProblem,
  parseParameterArn,
  parseParameterReference,
} from './parameter-reference.js';

const ARN = 'arn:aws:ssm:us-east-2:111122223333:parameter/prod/orders/db/host';

describe('parseParameterReference', () => {
  it.each([
    ['/prod/db/host', { parameterId: '/prod/db/host', name: '/prod/db/host' }],
    ['/prod/db/host:3', { parameterId: '/prod/db/host', name: '/prod/db/host', version: 3 }],
    ['/prod/db/host:live', { parameterId: '/prod/db/host', name: '/prod/db/host', label: 'live' }],
    [
      '/aws/reference/secretsmanager/prod/db',
      {
        parameterId: '/aws/reference/secretsmanager/prod/db',
        name: '/aws/reference/secretsmanager/prod/db',
      },
    ],
    [
      '/aws/reference/secretsmanager/prod/db:AWSPREVIOUS',
      {
        parameterId: '/aws/reference/secretsmanager/prod/db',
        name: '/aws/reference/secretsmanager/prod/db',
        label: 'AWSPREVIOUS',
      },
    ],
    [
      '/aws/reference/secretsmanager/prod/db:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      {
        parameterId: '/aws/reference/secretsmanager/prod/db',
        name: '/aws/reference/secretsmanager/prod/db',
        label: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      },
    ],
  ])('reads %s', (input, expected) => {
    expect(parseParameterReference(input)).toEqual({ ok: true, value: expected });
  });

  it('reads an ARN with a selector and keeps the leading slash of the name', () => {
    const result = parseParameterReference(`${ARN}:2`);
    expect(result).toEqual({
      ok: true,
      value: {
        parameterId: ARN,
        name: '/prod/orders/db/host',
        version: 2,
        arn: {
          partition: 'aws',
          region: 'us-east-2',
          accountId: '111122223333',
          name: '/prod/orders/db/host',
        },
      },
    });
  });

  it.each([
    ['', 'EMPTY_REFERENCE', /empty/],
    ['/prod/db:1:2', 'TOO_MANY_FIELDS', /at most one/],
    ['/prod/db:0', 'INVALID_SELECTOR', /versions start at 1/],
    ['/prod/db:awslive', 'INVALID_SELECTOR', /can't begin with "aws"/],
    ['/prod/db:1live', 'INVALID_SELECTOR', /can't begin with a number/],
    ['prod/db', 'INVALID_NAME', /fully qualified/],
    ['/aws/x', 'INVALID_NAME', /prefixed/],
    [
      'arn:aws:secretsmanager:us-east-2:111122223333:secret:db',
      'NOT_A_PARAMETER_ARN',
      /Parameter Store/,
    ],
    ['arn:aws:ssm:Ohio:111122223333:parameter/db', 'INVALID_REGION', /region code/],
    ['arn:aws:ssm:us-east-2:1111:parameter/db', 'INVALID_ACCOUNT', /12-digit/],
  ])('refuses %s with %s', (input, code, message) => {
    const result = parseParameterReference(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
  });

  it.each(['/prod/db', '/prod/db:7', '/prod/db:live', `${ARN}:blue`, 'root-param'])(
    'formats %s back to itself',
    (input) => {
      const result = parseParameterReference(input);
      expect(result.ok && formatParameterReference(result.value)).toBe(input);
    },
  );
});

describe('parameter ARNs', () => {
  it('formats and parses root and hierarchy names alike', () => {
    for (const name of ['/prod/db', 'root-param']) {
      const arn = { partition: 'aws', region: 'eu-west-1', accountId: '444455556666', name };
      expect(parseParameterArn(formatParameterArn(arn))).toEqual({ ok: true, value: arn });
    }
  });

  it('says what AWS requires of a parameter of another account', () => {
    const result = parseParameterReference(ARN);
    if (!result.ok) throw result.error;
    expect(crossAccountParameterNote(result.value, '111122223333')).toBeUndefined();
    expect(crossAccountParameterNote(result.value, '444455556666')).toMatch(
      /shares it with your account .*advanced tier.*full ARN/,
    );
  });
});

describe('labelProblem', () => {
  it.each([['live'], ['v1.2_blue-green']])('accepts %s', (label) => {
    expect(labelProblem(label)).toBeUndefined();
  });
  it.each([[''], ['x'.repeat(101)], ['12'], ['SSMx'], ['a b']])('refuses %j', (label) => {
    expect(labelProblem(label)).toBeDefined();
  });
});

describe('parameterRegionProblem', () => {
  const reference = (text: string) => {
    const parsed = parseParameterReference(text);
    if (!parsed.ok) throw parsed.error;
    return parsed.value;
  };

  it('refuses an ARN of another region, naming the reference with its selector', () => {
    expect(parameterRegionProblem(reference(`${ARN}:3`), 'eu-west-1')).toBe(
      `parameter '${ARN}:3' is in region us-east-2, but the vault reads from eu-west-1: a referenced parameter must be in the vault's region (a shared parameter of another account, too; a parameter of another account can be read only when its owner shares it with your account (AWS RAM), it is in the advanced tier, and you reference it by its full ARN)`,
    );
  });

  it('refuses an ARN whose partition does not hold the vault region', () => {
    const cn = ARN.replace('arn:aws:', 'arn:aws-cn:');
    expect(parameterRegionProblem(reference(cn), 'us-east-2')).toMatch(
      /says partition aws-cn, but its region us-east-2 is in aws/,
    );
  });

  it('accepts an ARN of the vault region (any account) and a name', () => {
    expect(parameterRegionProblem(reference(ARN), 'us-east-2')).toBeUndefined();
    const shared = ARN.replace('111122223333', '444455556666');
    expect(parameterRegionProblem(reference(shared), 'us-east-2')).toBeUndefined();
    expect(parameterRegionProblem(reference('/prod/orders/db/host'), 'eu-west-1')).toBeUndefined();
  });
});
