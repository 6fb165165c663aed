import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENT_ACCOUNT,
  KEY_ARN,
  SECRET_ARN,
  SECRETS_ACCOUNT,
  VIA_SECRETS_MANAGER,
} from './_fixtures.js';
import { authorizeAssumeRole } from './assume-role.js';
import { authorize } from './authorize.js';
import type {
  AuthorizationRequest,
  CallerPrincipal,
  PolicyCondition,
  PolicyDocument,
  PolicyStatement,
} from './types.js';

const accounts = [SECRETS_ACCOUNT, AGENT_ACCOUNT];

const principalArb: fc.Arbitrary<CallerPrincipal> = fc.oneof(
  fc.record({ account: fc.constantFrom(...accounts), name: fc.constantFrom('app', 'ops') }).map(
    ({ account, name }): CallerPrincipal => ({
      kind: 'user',
      arn: `arn:aws:iam::${account}:user/${name}`,
      accountId: account,
    }),
  ),
  fc
    .record({ account: fc.constantFrom(...accounts), role: fc.constantFrom('agent', 'reader') })
    .map(
      ({ account, role }): CallerPrincipal => ({
        kind: 'assumed-role',
        arn: `arn:aws:sts::${account}:assumed-role/${role}/s1`,
        accountId: account,
        roleArn: `arn:aws:iam::${account}:role/${role}`,
        sessionName: 's1',
      }),
    ),
  fc.constantFrom(...accounts).map(
    (account): CallerPrincipal => ({
      kind: 'root',
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
    }),
  ),
);

const actionArb = fc.constantFrom(
  '*',
  'secretsmanager:*',
  'secretsmanager:GetSecretValue',
  'secretsmanager:Get*',
  'SecretsManager:describe?ecret',
  'kms:Decrypt',
  'kms:*',
  'sts:AssumeRole',
);
const resourceArb = fc.constantFrom(
  '*',
  SECRET_ARN,
  KEY_ARN,
  `arn:aws:secretsmanager:*:${SECRETS_ACCOUNT}:secret:prod/*`,
  `arn:aws:secretsmanager:*:*:secret:\${aws:username}*`,
  `arn:aws:iam::${SECRETS_ACCOUNT}:role/*`,
);
const principalEntryArb = fc.constantFrom(
  '*',
  SECRETS_ACCOUNT,
  `arn:aws:iam::${AGENT_ACCOUNT}:root`,
  `arn:aws:iam::${AGENT_ACCOUNT}:role/agent`,
  `arn:aws:iam::${SECRETS_ACCOUNT}:user/app`,
  `arn:aws:sts::${SECRETS_ACCOUNT}:assumed-role/reader/s1`,
);
const conditionArb = fc.option(
  fc.oneof(
    fc.constant<PolicyCondition>({ StringEquals: { 'kms:ViaService': VIA_SECRETS_MANAGER } }),
    fc.constant<PolicyCondition>({ StringNotEquals: { 'aws:PrincipalAccount': SECRETS_ACCOUNT } }),
    fc.constant<PolicyCondition>({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }),
    fc.constant<PolicyCondition>({
      'ForAnyValue:StringLike': { 'aws:PrincipalType': ['User', 'Assumed*'] },
    }),
    fc.constant<PolicyCondition>({ BoolIfExists: { 'aws:SecureTransport': true } }),
    fc.constant<PolicyCondition>({ StringEquals: { 'sts:ExternalId': 'x1' } }),
  ),
  { nil: undefined },
);
const listOr = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const statementArb = (withPrincipal: boolean): fc.Arbitrary<PolicyStatement> =>
  fc
    .record({
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
      action: listOr(actionArb),
      notAction: fc.boolean(),
      resource: listOr(resourceArb),
      notResource: fc.boolean(),
      principal: listOr(principalEntryArb),
      condition: conditionArb,
      sid: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    })
    .map((raw) => {
      const statement: PolicyStatement = { Effect: raw.effect };
      if (raw.sid !== undefined) statement.Sid = raw.sid;
      if (raw.notAction) statement.NotAction = raw.action;
      else statement.Action = raw.action;
      if (raw.notResource) statement.NotResource = raw.resource;
      else statement.Resource = raw.resource;
      if (withPrincipal) statement.Principal = { AWS: raw.principal };
      if (raw.condition) statement.Condition = raw.condition;
      return statement;
    });

const documentArb = (withPrincipal: boolean): fc.Arbitrary<PolicyDocument> =>
  fc
    .array(statementArb(withPrincipal), { maxLength: 5 })
    .map((Statement) => ({ Version: '2012-10-17', Statement }));

const requestArb: fc.Arbitrary<AuthorizationRequest> = fc
  .record({
    principal: principalArb,
    target: fc.constantFrom(
      { action: 'secretsmanager:GetSecretValue', resource: SECRET_ARN, kind: 'secret' as const },
      { action: 'secretsmanager:DescribeSecret', resource: SECRET_ARN, kind: 'secret' as const },
      { action: 'kms:Decrypt', resource: KEY_ARN, kind: 'kms-key' as const },
      { action: 'kms:DescribeKey', resource: KEY_ARN, kind: 'kms-key' as const },
    ),
    identity: fc.array(documentArb(false), { maxLength: 2 }),
    resourcePolicy: fc.option(documentArb(true), { nil: undefined }),
    via: fc.boolean(),
  })
  .map(({ principal, target, identity, resourcePolicy, via }) => {
    const request: AuthorizationRequest = {
      principal,
      action: target.action,
      resource: target.resource,
      resourceAccountId: SECRETS_ACCOUNT,
      identityPolicies: identity,
      resourcePolicyKind: target.kind,
      context: via ? { 'kms:ViaService': VIA_SECRETS_MANAGER } : {},
    };
    if (resourcePolicy) request.resourcePolicy = resourcePolicy;
    return request;
  });

const statementList = (document: PolicyDocument | undefined): PolicyStatement[] =>
  document === undefined
    ? []
    : Array.isArray(document.Statement)
      ? document.Statement
      : [document.Statement];

const withStatement = (
  document: PolicyDocument | undefined,
  statement: PolicyStatement,
): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [...statementList(document), statement],
});

const malformedStatementArb = fc.dictionary(
  fc.constantFrom(
    'Effect',
    'Action',
    'NotAction',
    'Resource',
    'NotResource',
    'Principal',
    'NotPrincipal',
    'Condition',
  ),
  fc.oneof(
    fc.constantFrom('Allow', 'Deny', '*'),
    fc.anything(),
    fc.dictionary(fc.string(), fc.anything()),
  ),
);
const malformedDocumentArb = fc.oneof(
  fc.anything(),
  fc.record({
    Statement: fc.oneof(
      malformedStatementArb,
      fc.array(fc.oneof(malformedStatementArb, fc.anything())),
    ),
  }),
);

describe('evaluator properties', () => {
  it('never throws and always explains a denial with the caller and the action', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const decision = authorize(request);
        expect(decision.allowed).toBe(decision.reason === 'allowed');
        if (!decision.allowed) {
          expect(decision.message).toContain(
            `User: ${request.principal.arn} is not authorized to perform: ${request.action}`,
          );
          expect(decision.policy).toBeDefined();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('adding a Deny statement never turns a denial into an allow', () => {
    fc.assert(
      fc.property(
        requestArb,
        statementArb(false),
        statementArb(true),
        fc.boolean(),
        (request, identityDeny, resourceDeny, toResource) => {
          const before = authorize(request).allowed;
          const after = toResource
            ? authorize({
                ...request,
                resourcePolicy: withStatement(request.resourcePolicy, {
                  ...resourceDeny,
                  Effect: 'Deny',
                }),
              })
            : authorize({
                ...request,
                identityPolicies: [
                  ...request.identityPolicies,
                  { Statement: { ...identityDeny, Effect: 'Deny' } },
                ],
              });
          if (!before) expect(after.allowed).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adding an Allow statement never turns an allow into a denial', () => {
    fc.assert(
      fc.property(
        requestArb,
        statementArb(false),
        statementArb(true),
        fc.boolean(),
        (request, identityAllow, resourceAllow, toResource) => {
          const before = authorize(request).allowed;
          const after = toResource
            ? authorize({
                ...request,
                resourcePolicy: withStatement(request.resourcePolicy, {
                  ...resourceAllow,
                  Effect: 'Allow',
                }),
              })
            : authorize({
                ...request,
                identityPolicies: [
                  ...request.identityPolicies,
                  { Statement: { ...identityAllow, Effect: 'Allow' } },
                ],
              });
          if (before) expect(after.allowed).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the order of statements and of documents does not change the outcome', () => {
    fc.assert(
      fc.property(requestArb, fc.nat(), (request, seed) => {
        const shuffle = <T>(items: T[]): T[] => {
          const copy = [...items];
          let state = seed + 1;
          for (let index = copy.length - 1; index > 0; index -= 1) {
            state = (state * 1103515245 + 12345) % 2147483648;
            const other = state % (index + 1);
            [copy[index], copy[other]] = [copy[other]!, copy[index]!];
          }
          return copy;
        };
        const reordered: AuthorizationRequest = {
          ...request,
          identityPolicies: shuffle(request.identityPolicies).map((document) => ({
            ...document,
            Statement: shuffle(statementList(document)),
          })),
        };
        if (request.resourcePolicy) {
          reordered.resourcePolicy = {
            ...request.resourcePolicy,
            Statement: shuffle(statementList(request.resourcePolicy)),
          };
        }
        const a = authorize(request);
        const b = authorize(reordered);
        expect(b.allowed).toBe(a.allowed);
        expect(b.reason).toBe(a.reason);
      }),
      { numRuns: 500 },
    );
  });

  it('AssumeRole never throws and adding a Deny never grants', () => {
    fc.assert(
      fc.property(
        principalArb,
        documentArb(true),
        fc.array(documentArb(false), { maxLength: 2 }),
        fc.option(fc.constantFrom('x1', 'x2'), { nil: undefined }),
        statementArb(true),
        (caller, trustPolicy, identity, externalId, extra) => {
          const base = {
            caller,
            roleArn: `arn:aws:iam::${SECRETS_ACCOUNT}:role/reader`,
            roleAccountId: SECRETS_ACCOUNT,
            trustPolicy,
            callerIdentityPolicies: identity,
            ...(externalId ? { externalId } : {}),
          };
          const before = authorizeAssumeRole(base);
          const after = authorizeAssumeRole({
            ...base,
            trustPolicy: withStatement(trustPolicy, { ...extra, Effect: 'Deny' }),
          });
          if (!before.allowed) expect(after.allowed).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tolerates malformed documents without throwing', () => {
    fc.assert(
      fc.property(
        principalArb,
        malformedDocumentArb,
        malformedDocumentArb,
        (principal, identity, resourcePolicy) => {
          expect(() =>
            authorize({
              principal,
              action: 'secretsmanager:GetSecretValue',
              resource: SECRET_ARN,
              resourceAccountId: SECRETS_ACCOUNT,
              identityPolicies: [identity as PolicyDocument],
              resourcePolicy: resourcePolicy as PolicyDocument,
            }),
          ).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
