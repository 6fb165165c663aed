import { describe, expect, it } from 'vitest';
import { parseParameterQuery } from './parameter-query.js';
import { isFailure } from './query.js';

// Written from AWS's page "Using Parameter Store parameters in AWS Lambda functions",
// https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html,
// section "Sample commands for Parameter Store":
//   GET /systemsmanager/parameters/get?name=<name>&version=<version>&label=<label>&withDecryption={true|false}
describe('the Lambda extension parameter query', () => {
  it.each([
    // "%2FDev%2FProduction%2FEast%2FProject-ABC%2FMyParameter for a parameter named /Dev/..."
    [
      'name=%2FDev%2FProduction%2FEast%2FProject-ABC%2FMyParameter',
      { reference: '/Dev/Production/East/Project-ABC/MyParameter', withDecryption: false },
    ],
    // "?name=MyParameter&version=5"
    ['name=MyParameter&version=5', { reference: 'MyParameter:5', name: 'MyParameter' }],
    // "?name=%2Fa%2Fb%2F&label=release" (a hierarchy; here a name that can exist)
    ['name=%2Fa%2Fb&label=release', { reference: '/a/b:release', name: '/a/b' }],
    // "?name=arn:aws:ssm:us-east-1:123456789012:parameter/MyParameter"
    [
      'name=arn:aws:ssm:us-east-1:123456789012:parameter/MyParameter',
      {
        reference: 'arn:aws:ssm:us-east-1:123456789012:parameter/MyParameter',
        name: 'MyParameter',
      },
    ],
    // "?name=MyParameter&withDecryption=true"
    ['name=MyParameter&withDecryption=true', { withDecryption: true }],
    // "You can specify that parameters aren't decrypted by omitting withDecryption or
    // explicitly setting it to false."
    ['name=MyParameter&withDecryption=false', { withDecryption: false }],
    ['name=MyParameter', { withDecryption: false }],
    // "You can also specify either a version or a label, but not both. If you do, only the
    // first of these that is placed after question mark (?) in the URL is used."
    ['name=MyParameter&version=2&label=release', { reference: 'MyParameter:2' }],
    ['name=MyParameter&label=release&version=2', { reference: 'MyParameter:release' }],
    // GetParameter's Name may carry the selector itself.
    ['name=%2Fprod%2Fdb%2Fhost%3A3', { reference: '/prod/db/host:3', name: '/prod/db/host' }],
    // "/aws/reference/secretsmanager/..." reads a secret; its label is a version stage.
    [
      'name=%2Faws%2Freference%2Fsecretsmanager%2Fprod%2Fdb&label=AWSPREVIOUS&withDecryption=true',
      { reference: '/aws/reference/secretsmanager/prod/db:AWSPREVIOUS' },
    ],
    ['name=MyParameter&refreshNow=true', { refreshNow: true }],
  ])('parses %s', (search, expected) => {
    const parsed = parseParameterQuery(search);
    expect(isFailure(parsed)).toBe(false);
    expect(parsed).toMatchObject(expected);
  });

  it.each([
    ['', 'missing parameter name'],
    ['version=3', 'missing parameter name'],
    ['name=', 'missing parameter name'],
    ['name=a&version=0', "invalid version '0'"],
    ['name=a&version=x', "invalid version 'x'"],
    ['name=a&label=1abc', "can't begin with a number"],
    ['name=a&label=awsLive', 'can\'t begin with "aws"'],
    ['name=a&withDecryption=yes', 'invalid withDecryption value'],
    ['name=a%3A3&version=4', 'already selects a version or label'],
    ['name=a&secretId=b', 'unknown parameter: secretId'],
    ['name=a&refreshNow=maybe', 'invalid refreshNow value'],
    ['name=bad%20name%21', 'is not a valid parameter name'],
  ])('refuses %s with a 400 saying what to fix', (search, message) => {
    const parsed = parseParameterQuery(search);
    expect(isFailure(parsed)).toBe(true);
    expect(parsed).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    expect((parsed as { message: string }).message).toContain(message);
  });

  it('refuses a Secrets Manager reference without withDecryption=true, as GetParameter does', () => {
    const parsed = parseParameterQuery('name=%2Faws%2Freference%2Fsecretsmanager%2Fprod%2Fdb');
    expect(parsed).toMatchObject({ status: 400, type: 'ValidationException' });
    expect((parsed as { message: string }).message).toContain('WithDecryption flag must be True');
  });
});
