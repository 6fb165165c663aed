import { describe, expect, it } from 'vitest';
import { parseKmsKeyArn } from './kms-key-arn.js';
import { parseConfig } from './parse.js';
import { parsePrincipalArn } from './role-arn.js';
import { accessKey, instanceProfile, roleBased } from './test-fixtures.js';

const KEY = 'arn:aws:kms:us-east-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const issuesOf = (input: unknown) => {
  const result = parseConfig(input);
  return result.ok ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`);
};

describe('vault.sourcePrincipalArn', () => {
  it.each([
    'arn:aws:iam::111122223333:role/app-instance',
    'arn:aws:iam::111122223333:user/ci',
    'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef',
  ])('keeps %s for a role-based vault', (arn) => {
    const result = parseConfig(roleBased({ sourcePrincipalArn: arn }));
    expect(result.ok && result.config.vault).toMatchObject({ sourcePrincipalArn: arn });
  });

  it.each([
    ['arn:aws:iam::111122223333:group/devs', 'names an IAM group, not a role or user'],
    ['arn:aws:sts::111122223333:assumed-role/app/i-0abc', "give the role's own ARN"],
    ['arn:aws:iam:us-east-2:111122223333:user/ci', 'IAM is global'],
    ['ci', 'is not a role or user ARN'],
  ])('refuses %s', (arn, message) => {
    expect(issuesOf(roleBased({ sourcePrincipalArn: arn })).join('\n')).toContain(
      `vault.sourcePrincipalArn: `,
    );
    expect(issuesOf(roleBased({ sourcePrincipalArn: arn })).join('\n')).toContain(message);
  });

  it('refuses a principal of another partition than the region', () => {
    expect(
      issuesOf(roleBased({ sourcePrincipalArn: 'arn:aws-cn:iam::111122223333:user/ci' })),
    ).toContain(
      'vault.sourcePrincipalArn: the user is in partition aws-cn but vault.region us-east-2 is in aws: a user can only be used in its own partition',
    );
  });

  it('is a role-based key only', () => {
    expect(
      issuesOf(instanceProfile({ sourcePrincipalArn: 'arn:aws:iam::111122223333:user/ci' })).join(
        '\n',
      ),
    ).toContain('sourcePrincipalArn');
  });
});

describe('vault.kmsKeyArns', () => {
  it('keeps customer managed key ARNs for every auth type', () => {
    for (const input of [roleBased({ kmsKeyArns: [KEY] }), accessKey({ kmsKeyArns: [KEY] })]) {
      const result = parseConfig(input);
      expect(result.ok && result.config.vault.kmsKeyArns).toEqual([KEY]);
    }
  });

  it.each([
    [[KEY.replace('key/', 'alias/')], 'not an alias'],
    [['arn:aws:kms:us-east-2:444455556666:alias/aws/secretsmanager'], 'is an AWS managed key'],
    [['not-an-arn'], 'is not a KMS key ARN'],
    [[], 'is empty'],
    [KEY, 'expected a list of KMS key ARNs'],
    [
      [KEY.replace('us-east-2', 'eu-west-1')],
      'the key is in eu-west-1 but vault.region is us-east-2',
    ],
  ])('refuses %j', (kmsKeyArns, message) => {
    const issues = issuesOf(roleBased({ kmsKeyArns }));
    expect(issues.join('\n')).toContain(message);
    expect(issues.every((issue) => issue.startsWith('vault.kmsKeyArns'))).toBe(true);
  });
});

describe('parsers', () => {
  it('reads a user ARN with a path', () => {
    expect(parsePrincipalArn('arn:aws-us-gov:iam::111122223333:user/ci/deployer')).toEqual({
      ok: true,
      value: {
        kind: 'user',
        partition: 'aws-us-gov',
        accountId: '111122223333',
        path: '/ci/',
        name: 'deployer',
      },
    });
  });

  it('reads a key ARN', () => {
    expect(parseKmsKeyArn(KEY)).toEqual({
      ok: true,
      value: {
        partition: 'aws',
        region: 'us-east-2',
        accountId: '444455556666',
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    });
  });
});
