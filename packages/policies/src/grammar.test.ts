import { describe, expect, it } from 'vitest';
import { validatePolicyGrammar } from './grammar.js';
import type { PolicyKind } from './types.js';

const ok = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const wrap = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('validatePolicyGrammar', () => {
  it.each<[string, unknown, PolicyKind, RegExp | null]>([
    ['a minimal identity policy', wrap(ok), 'identity', null],
    [
      'a trust policy',
      wrap({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      'trust',
      null,
    ],
    [
      'conditions with IfExists and set operators',
      wrap({
        ...ok,
        Condition: {
          StringEqualsIfExists: { 'kms:ViaService': 'x' },
          'ForAnyValue:StringLike': { 'aws:TagKeys': ['a'] },
          Bool: { 'aws:SecureTransport': true },
        },
      }),
      'identity',
      null,
    ],
    ['not an object', 'policy', 'identity', /must be a JSON object/],
    [
      'old Version',
      { Version: '2008-10-17', Statement: [ok] },
      'identity',
      /Version: must be "2012-10-17"/,
    ],
    ['no Version', { Statement: [ok] }, 'identity', /Version/],
    [
      'Statement not a list',
      { Version: '2012-10-17', Statement: ok },
      'identity',
      /non-empty list/,
    ],
    ['empty Statement', wrap(), 'identity', /non-empty list/],
    [
      'unknown top-level key',
      { ...wrap(ok), Statements: [] },
      'identity',
      /Statements: unknown top-level element/,
    ],
    [
      'bad Effect',
      wrap({ ...ok, Effect: 'allow' }),
      'identity',
      /Effect: must be "Allow" or "Deny"/,
    ],
    [
      'no Action',
      wrap({ Effect: 'Allow', Resource: '*' }),
      'identity',
      /exactly one of Action or NotAction/,
    ],
    [
      'Action and NotAction',
      wrap({ ...ok, NotAction: 'kms:*' }),
      'identity',
      /exactly one of Action or NotAction/,
    ],
    [
      'malformed action',
      wrap({ ...ok, Action: 'GetSecretValue' }),
      'identity',
      /is not service:Action/,
    ],
    [
      'identity without Resource',
      wrap({ Effect: 'Allow', Action: 'kms:Decrypt' }),
      'identity',
      /needs Resource or NotResource/,
    ],
    [
      'identity with Principal',
      wrap({ ...ok, Principal: '*' }),
      'identity',
      /cannot have Principal/,
    ],
    ['resource policy without Principal', wrap(ok), 'resource', /needs Principal or NotPrincipal/],
    ['key policy without Principal', wrap(ok), 'key', /needs Principal or NotPrincipal/],
    [
      'trust policy with Resource',
      wrap({
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 'sts:AssumeRole',
        Resource: '*',
      }),
      'trust',
      /has no Resource/,
    ],
    [
      'bad principal type',
      wrap({ ...ok, Principal: { User: 'x' } }),
      'resource',
      /unknown principal type/,
    ],
    [
      'bad AWS principal',
      wrap({ ...ok, Principal: { AWS: 'agent-role' } }),
      'resource',
      /not "\*", an account id or an IAM\/STS ARN/,
    ],
    [
      'bad service principal',
      wrap({ ...ok, Principal: { Service: 'ec2' } }),
      'resource',
      /not a service principal/,
    ],
    [
      'resource not an ARN',
      wrap({ ...ok, Resource: 'prod/db' }),
      'identity',
      /neither "\*" nor an ARN/,
    ],
    [
      'Sid with spaces',
      wrap({ ...ok, Sid: 'Read secrets' }),
      'identity',
      /only letters and digits/,
    ],
    ['duplicate Sid', wrap({ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }), 'identity', /used twice/],
    [
      'unknown operator',
      wrap({ ...ok, Condition: { StringEqual: { 'kms:ViaService': 'x' } } }),
      'identity',
      /unknown condition operator/,
    ],
    [
      'bad condition value',
      wrap({ ...ok, Condition: { StringEquals: { 'kms:ViaService': { a: 1 } } } }),
      'identity',
      /must be a string, a boolean or a list of strings/,
    ],
    [
      'bad condition key',
      wrap({ ...ok, Condition: { StringEquals: { ViaService: 'x' } } }),
      'identity',
      /not a condition key/,
    ],
    [
      'unknown statement key',
      wrap({ ...ok, Actions: 'x' }),
      'identity',
      /Actions: unknown statement element/,
    ],
  ])('%s', (_label, document, kind, problem) => {
    const result = validatePolicyGrammar(document, kind);
    if (problem === null) expect(result).toEqual({ valid: true, issues: [] });
    else {
      expect(result.valid).toBe(false);
      expect(result.issues.join('\n')).toMatch(problem);
    }
  });
});
