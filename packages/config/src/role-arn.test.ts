import { describe, expect, it } from 'vitest';
import { parseRoleArn } from './role-arn.js';

describe('parseRoleArn', () => {
  it.each([
    [
      'arn:aws:iam::111122223333:role/agent',
      { partition: 'aws', accountId: '111122223333', path: '/', name: 'agent' },
    ],
    [
      'arn:aws:iam::111122223333:role/service-role/agent',
      { partition: 'aws', accountId: '111122223333', path: '/service-role/', name: 'agent' },
    ],
    [
      'arn:aws-cn:iam::111122223333:role/a.b+c=d,e@f_g-h',
      { partition: 'aws-cn', accountId: '111122223333', path: '/', name: 'a.b+c=d,e@f_g-h' },
    ],
    [
      'arn:aws-us-gov:iam::111122223333:role/x/y/z',
      { partition: 'aws-us-gov', accountId: '111122223333', path: '/x/y/', name: 'z' },
    ],
  ])('accepts %s', (input, expected) => {
    expect(parseRoleArn(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['agent', 'is not a role ARN'],
    ['', 'is not a role ARN'],
    ['arn:aws:iam', 'is not a role ARN'],
    ['arn:aws:iam::111122223333:user/bob', 'names an IAM user, not a role'],
    ['arn:aws:s3:::bucket', 'is an ARN for s3, not an IAM role'],
    [
      'arn:aws:sts::111122223333:assumed-role/agent/session',
      "give the role's own ARN: arn:aws:iam::111122223333:role/agent",
    ],
    ['arn:aws:iam:us-east-2:111122223333:role/agent', 'IAM is global'],
    ['arn:aws:iam::1111:role/agent', 'not a 12-digit AWS account id'],
    ['arn:aws:iam::11112222333a:role/agent', 'not a 12-digit AWS account id'],
    ['arn:azure:iam::111122223333:role/agent', "unknown partition 'azure'"],
    ['arn:aws:iam::111122223333:role/', 'the role name'],
    ['arn:aws:iam::111122223333:role/has space', 'the role name'],
    [`arn:aws:iam::111122223333:role/${'n'.repeat(65)}`, 'the role name'],
  ])('rejects %s', (input, message) => {
    const result = parseRoleArn(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
