import { describe, expect, it } from 'vitest';
import { evaluateConditions } from './conditions.js';
import type { PolicyCondition, StringOrList } from './types.js';
import { toContext } from './values.js';

const ROLE = 'arn:aws:iam::111122223333:role/agent';
const VIA = 'secretsmanager.us-east-1.amazonaws.com';

const check = (condition: PolicyCondition, context: Record<string, StringOrList>) =>
  evaluateConditions(condition, toContext(context)).met;

describe('condition operators', () => {
  it.each<[string, PolicyCondition, Record<string, StringOrList>, boolean]>([
    [
      'StringEquals hit',
      { StringEquals: { 'kms:ViaService': VIA } },
      { 'kms:ViaService': VIA },
      true,
    ],
    [
      'StringEquals miss',
      { StringEquals: { 'kms:ViaService': VIA } },
      { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
      false,
    ],
    ['StringEquals absent key', { StringEquals: { 'kms:ViaService': VIA } }, {}, false],
    [
      'StringEquals is case-sensitive on values',
      { StringEquals: { 'aws:username': 'App' } },
      { 'aws:username': 'app' },
      false,
    ],
    [
      'condition keys are case-insensitive',
      { StringEquals: { 'KMS:VIASERVICE': VIA } },
      { 'kms:ViaService': VIA },
      true,
    ],
    [
      'StringEquals any of listed values',
      { StringEquals: { 'kms:CallerAccount': ['1', '2'] } },
      { 'kms:CallerAccount': '2' },
      true,
    ],
    [
      'StringNotEquals hit',
      { StringNotEquals: { 'aws:PrincipalAccount': '1' } },
      { 'aws:PrincipalAccount': '2' },
      true,
    ],
    [
      'StringNotEquals miss',
      { StringNotEquals: { 'aws:PrincipalAccount': '1' } },
      { 'aws:PrincipalAccount': '1' },
      false,
    ],
    [
      'StringNotEquals absent key holds',
      { StringNotEquals: { 'aws:PrincipalAccount': '1' } },
      {},
      true,
    ],
    [
      'StringEqualsIgnoreCase',
      { StringEqualsIgnoreCase: { 'aws:username': 'APP' } },
      { 'aws:username': 'app' },
      true,
    ],
    [
      'StringLike wildcard',
      { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
      { 'kms:ViaService': VIA },
      true,
    ],
    [
      'StringLike miss',
      { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
      { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' },
      false,
    ],
    [
      'StringNotLike hit',
      { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin*' } },
      { 'aws:PrincipalArn': ROLE },
      true,
    ],
    [
      'StringNotLike miss',
      { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ag*' } },
      { 'aws:PrincipalArn': ROLE },
      false,
    ],
    ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': ROLE } }, { 'aws:PrincipalArn': ROLE }, true],
    [
      'ArnLike',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } },
      { 'aws:PrincipalArn': ROLE },
      true,
    ],
    [
      'ArnLike other account',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/*' } },
      { 'aws:PrincipalArn': ROLE },
      false,
    ],
    [
      'ArnLike wildcard does not span fields',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } },
      { 'aws:PrincipalArn': ROLE },
      false,
    ],
    [
      'ArnNotEquals',
      { ArnNotEquals: { 'aws:PrincipalArn': ROLE } },
      { 'aws:PrincipalArn': `${ROLE}2` },
      true,
    ],
    [
      'ArnNotLike miss',
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
      { 'aws:PrincipalArn': ROLE },
      false,
    ],
    [
      'Bool true',
      { Bool: { 'aws:SecureTransport': 'true' } },
      { 'aws:SecureTransport': 'true' },
      true,
    ],
    [
      'Bool boolean literal',
      { Bool: { 'aws:SecureTransport': true } },
      { 'aws:SecureTransport': 'true' },
      true,
    ],
    [
      'Bool false',
      { Bool: { 'aws:SecureTransport': 'true' } },
      { 'aws:SecureTransport': 'false' },
      false,
    ],
    ['Bool absent', { Bool: { 'aws:SecureTransport': 'false' } }, {}, false],
    ['IfExists absent holds', { StringEqualsIfExists: { 'kms:ViaService': VIA } }, {}, true],
    [
      'IfExists present must match',
      { StringEqualsIfExists: { 'kms:ViaService': VIA } },
      { 'kms:ViaService': 'x' },
      false,
    ],
    [
      'ArnLikeIfExists present',
      { ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } },
      { 'aws:PrincipalArn': ROLE },
      true,
    ],
    ['Null true wants absent', { Null: { 'sts:ExternalId': 'true' } }, {}, true],
    ['Null false wants present', { Null: { 'sts:ExternalId': 'false' } }, {}, false],
    [
      'IpAddress in range',
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { 'aws:SourceIp': '10.1.2.3' },
      true,
    ],
    [
      'IpAddress out of range',
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { 'aws:SourceIp': '11.1.2.3' },
      false,
    ],
    [
      'NotIpAddress',
      { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { 'aws:SourceIp': '11.1.2.3' },
      true,
    ],
    [
      'ForAnyValue one matches',
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      { 'aws:TagKeys': ['x', 'b'] },
      true,
    ],
    [
      'ForAnyValue none matches',
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } },
      { 'aws:TagKeys': ['x', 'y'] },
      false,
    ],
    ['ForAnyValue absent', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, false],
    [
      'ForAllValues all match',
      { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } },
      { 'aws:TagKeys': ['ab', 'ac'] },
      true,
    ],
    [
      'ForAllValues one outside',
      { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } },
      { 'aws:TagKeys': ['ab', 'x'] },
      false,
    ],
    [
      'ForAllValues absent is vacuous',
      { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } },
      {},
      true,
    ],
    [
      'every operator must hold',
      { StringEquals: { 'kms:ViaService': VIA, 'kms:CallerAccount': '1' } },
      { 'kms:ViaService': VIA, 'kms:CallerAccount': '2' },
      false,
    ],
    [
      'operators AND together',
      {
        StringEquals: { 'kms:ViaService': VIA },
        StringLike: { 'aws:PrincipalArn': '*role/agent' },
      },
      { 'kms:ViaService': VIA, 'aws:PrincipalArn': ROLE },
      true,
    ],
    [
      'policy variable substituted',
      { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::111122223333:user/\${aws:username}` } },
      { 'aws:username': 'app', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/app' },
      true,
    ],
    ['unknown operator never holds', { NumericLessThanFoo: { 'x:y': '1' } }, { 'x:y': '1' }, false],
  ])('%s', (_label, condition, context, expected) => {
    expect(check(condition, context)).toBe(expected);
  });

  it('explains the first unmet test and hides external id values', () => {
    const viaService = evaluateConditions(
      { StringEquals: { 'kms:ViaService': VIA } },
      toContext({}),
    );
    expect(viaService.unmet).toBe(
      `condition StringEquals kms:ViaService expects '${VIA}' but the request has no value (key absent)`,
    );
    const external = evaluateConditions(
      { StringEquals: { 'sts:ExternalId': 'expected-id' } },
      toContext({ 'sts:ExternalId': 'wrong-id' }),
    );
    expect(external.unmet).toContain('sts:ExternalId');
    expect(external.unmet).not.toContain('expected-id');
    expect(external.unmet).not.toContain('wrong-id');
  });
});
