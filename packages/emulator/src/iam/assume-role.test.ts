import { describe, expect, it } from 'vitest';
import {
  AGENT_ACCOUNT,
  allow,
  deny,
  doc,
  roleArn,
  root,
  SECRETS_ACCOUNT,
  session,
  user,
} from './_fixtures.js';
import { authorizeAssumeRole } from './assume-role.js';
import type {
  AssumeRoleRequest,
  DecisionReason,
  PolicyDocument,
  PolicyStatement,
} from './types.js';

const TARGET = roleArn(SECRETS_ACCOUNT, 'reader');
const ASSUME = 'sts:AssumeRole';

const trust = (
  AWS: string | string[] | undefined,
  extra: Partial<PolicyStatement> = {},
): PolicyDocument =>
  doc({
    Effect: 'Allow',
    Principal: AWS === undefined ? { Service: 'ec2.amazonaws.com' } : { AWS },
    Action: ASSUME,
    ...extra,
  });

const request = (
  caller: AssumeRoleRequest['caller'],
  trustPolicy: PolicyDocument,
  callerIdentityPolicies: PolicyDocument[] = [],
  extra: Partial<AssumeRoleRequest> = {},
): AssumeRoleRequest => ({
  caller,
  roleArn: TARGET,
  roleAccountId: SECRETS_ACCOUNT,
  trustPolicy,
  callerIdentityPolicies,
  ...extra,
});

const localUser = user(SECRETS_ACCOUNT);
const remoteRole = session(AGENT_ACCOUNT);
const mayAssume = doc(allow(ASSUME, TARGET));
const withExternalId = { Condition: { StringEquals: { 'sts:ExternalId': 'team-42' } } };
const self = session(SECRETS_ACCOUNT, 'reader');

describe('authorizeAssumeRole', () => {
  it.each<[string, AssumeRoleRequest, DecisionReason]>([
    ['EC2 service trusted', request({ service: 'ec2.amazonaws.com' }, trust(undefined)), 'allowed'],
    [
      'service principal is case-insensitive',
      request({ service: 'EC2.amazonaws.com' }, trust(undefined)),
      'allowed',
    ],
    [
      'another service is not trusted',
      request({ service: 'lambda.amazonaws.com' }, trust(undefined)),
      'no-trust-allow',
    ],
    [
      'Principal * does not cover a service',
      request(
        { service: 'ec2.amazonaws.com' },
        doc({ Effect: 'Allow', Principal: '*', Action: ASSUME }),
      ),
      'no-trust-allow',
    ],
    ['same account: trust names the user', request(localUser, trust(localUser.arn)), 'allowed'],
    [
      'same account: trust names the account root, identity allows',
      request(localUser, trust(`arn:aws:iam::${SECRETS_ACCOUNT}:root`), [mayAssume]),
      'allowed',
    ],
    [
      'same account: trust names the account root, no identity policy',
      request(localUser, trust(`arn:aws:iam::${SECRETS_ACCOUNT}:root`)),
      'no-identity-allow',
    ],
    [
      'same account: trust names the account id, identity allows',
      request(localUser, trust(SECRETS_ACCOUNT), [mayAssume]),
      'allowed',
    ],
    [
      'same account: identity allows but trust names someone else',
      request(localUser, trust(roleArn(SECRETS_ACCOUNT, 'x')), [mayAssume]),
      'no-trust-allow',
    ],
    [
      'cross account: trust names the role, identity allows',
      request(remoteRole, trust(roleArn(AGENT_ACCOUNT)), [mayAssume]),
      'allowed',
    ],
    [
      'cross account: trust names the role, no identity policy',
      request(remoteRole, trust(roleArn(AGENT_ACCOUNT))),
      'no-identity-allow',
    ],
    [
      'cross account: trust names the account root, identity allows',
      request(remoteRole, trust(AGENT_ACCOUNT), [mayAssume]),
      'allowed',
    ],
    [
      'cross account: identity allows another role only',
      request(remoteRole, trust(roleArn(AGENT_ACCOUNT)), [
        doc(allow(ASSUME, roleArn(SECRETS_ACCOUNT, 'x'))),
      ]),
      'no-identity-allow',
    ],
    [
      'cross account: trust lacks the caller',
      request(remoteRole, trust(roleArn(SECRETS_ACCOUNT, 'x')), [mayAssume]),
      'no-trust-allow',
    ],
    [
      'cross account: root of the caller account',
      request(root(AGENT_ACCOUNT), trust(AGENT_ACCOUNT)),
      'allowed',
    ],
    [
      'external id given and expected',
      request(localUser, trust(localUser.arn, withExternalId), [], { externalId: 'team-42' }),
      'allowed',
    ],
    [
      'external id wrong',
      request(localUser, trust(localUser.arn, withExternalId), [], { externalId: 'team-41' }),
      'no-trust-allow',
    ],
    [
      'external id missing',
      request(localUser, trust(localUser.arn, withExternalId)),
      'no-trust-allow',
    ],
    ['self-assume named explicitly', request(self, trust(TARGET)), 'allowed'],
    [
      'self-assume through the account root is refused',
      request(self, trust(`arn:aws:iam::${SECRETS_ACCOUNT}:root`), [mayAssume]),
      'no-trust-allow',
    ],
    [
      'trust Deny wins',
      request(
        localUser,
        doc(
          { Effect: 'Allow', Principal: { AWS: localUser.arn }, Action: 'sts:*' },
          { Effect: 'Deny', Principal: '*', Action: ASSUME },
        ),
      ),
      'explicit-deny',
    ],
    [
      'identity Deny wins',
      request(localUser, trust(localUser.arn), [doc(deny('sts:*'))]),
      'explicit-deny',
    ],
    [
      'trust with Principal * and an account condition',
      request(
        remoteRole,
        doc({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ASSUME,
          Condition: { StringEquals: { 'aws:PrincipalAccount': AGENT_ACCOUNT } },
        }),
        [mayAssume],
      ),
      'allowed',
    ],
    [
      'trust action must be sts:AssumeRole',
      request(
        localUser,
        doc({ Effect: 'Allow', Principal: { AWS: localUser.arn }, Action: 'sts:TagSession' }),
      ),
      'no-trust-allow',
    ],
    [
      'role with a path is matched by its full ARN',
      request(session(AGENT_ACCOUNT, 'agent'), trust(roleArn(AGENT_ACCOUNT)), [mayAssume]),
      'allowed',
    ],
  ])('%s → %s', (_label, input, reason) => {
    const decision = authorizeAssumeRole(input);
    expect(decision.reason).toBe(reason);
    expect(decision.allowed).toBe(reason === 'allowed');
  });

  it('matches a role with a path against its session', () => {
    const pathRole = `arn:aws:iam::${AGENT_ACCOUNT}:role/team/agent`;
    const caller = { ...session(AGENT_ACCOUNT), roleArn: pathRole };
    expect(authorizeAssumeRole(request(caller, trust(pathRole), [mayAssume])).allowed).toBe(true);
  });

  it('words a trust denial like AWS and names the missing trust', () => {
    const decision = authorizeAssumeRole(
      request(remoteRole, trust(roleArn(SECRETS_ACCOUNT, 'x')), [mayAssume]),
    );
    expect(decision.policy).toBe('trust');
    expect(decision.message).toContain(
      `User: ${remoteRole.arn} is not authorized to perform: sts:AssumeRole on resource: ${TARGET}`,
    );
    expect(decision.message).toBe(
      `User: ${remoteRole.arn} is not authorized to perform: sts:AssumeRole on resource: ${TARGET}`,
    );
    expect(decision.explanation).toContain(
      `allows neither ${roleArn(AGENT_ACCOUNT)} nor its account root arn:aws:iam::${AGENT_ACCOUNT}:root`,
    );
  });

  it('names the sts:ExternalId condition without echoing either value', () => {
    const decision = authorizeAssumeRole(
      request(localUser, trust(localUser.arn, withExternalId), [], { externalId: 'team-41' }),
    );
    expect(decision.message).not.toContain('sts:ExternalId');
    expect(decision.explanation).toContain('sts:ExternalId');
    for (const text of [decision.message, decision.explanation]) {
      expect(text).not.toContain('team-41');
      expect(text).not.toContain('team-42');
    }
  });

  it('explains the self-assume rule', () => {
    const decision = authorizeAssumeRole(
      request(self, trust(`arn:aws:iam::${SECRETS_ACCOUNT}:root`), [mayAssume]),
    );
    expect(decision.explanation).toContain(
      'a role assuming itself must be named explicitly in its own trust policy',
    );
  });

  it('names the missing identity policy across accounts', () => {
    const decision = authorizeAssumeRole(request(remoteRole, trust(roleArn(AGENT_ACCOUNT))));
    expect(decision.policy).toBe('identity');
    expect(decision.message).toContain(
      'because no identity-based policy allows the sts:AssumeRole action',
    );
    expect(decision.explanation).toContain(
      `no identity-based policy attached to ${roleArn(AGENT_ACCOUNT)} allows sts:AssumeRole on ${TARGET}`,
    );
  });
});
