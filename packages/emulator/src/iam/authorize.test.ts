import { describe, expect, it } from 'vitest';
import {
  AGENT_ACCOUNT,
  allow,
  deny,
  doc,
  grant,
  KEY_ARN,
  REGION,
  roleArn,
  root,
  SECRET_ARN,
  SECRETS_ACCOUNT,
  session,
  user,
  VIA_SECRETS_MANAGER,
} from './_fixtures.js';
import { authorize } from './authorize.js';
import { awsManagedKeyPolicy } from './managed-key-policy.js';
import type {
  AuthorizationRequest,
  CallerPrincipal,
  DecisionReason,
  PolicyDocument,
} from './types.js';

const GET = 'secretsmanager:GetSecretValue';

const secretRequest = (
  principal: CallerPrincipal,
  identityPolicies: PolicyDocument[],
  resourcePolicy?: PolicyDocument,
  action = GET,
): AuthorizationRequest => ({
  principal,
  action,
  resource: SECRET_ARN,
  resourceAccountId: SECRETS_ACCOUNT,
  identityPolicies,
  ...(resourcePolicy ? { resourcePolicy } : {}),
});

const keyRequest = (
  principal: CallerPrincipal,
  identityPolicies: PolicyDocument[],
  keyPolicy: PolicyDocument,
  extra: Partial<AuthorizationRequest> = {},
): AuthorizationRequest => ({
  principal,
  action: 'kms:Decrypt',
  resource: KEY_ARN,
  resourceAccountId: SECRETS_ACCOUNT,
  identityPolicies,
  resourcePolicy: keyPolicy,
  resourcePolicyKind: 'kms-key',
  context: { 'kms:ViaService': VIA_SECRETS_MANAGER },
  ...extra,
});

const localUser = user(SECRETS_ACCOUNT);
const localRole = session(SECRETS_ACCOUNT);
const agent = session(AGENT_ACCOUNT);
const readSecret = doc(allow(GET, SECRET_ARN));
const readAll = doc(allow('secretsmanager:*'));
const rootOf = (account: string) => `arn:aws:iam::${account}:root`;

describe('authorize: a secret in the same account', () => {
  it.each<[string, AuthorizationRequest, DecisionReason]>([
    ['identity policy allows', secretRequest(localUser, [readSecret]), 'allowed'],
    ['identity policy with service wildcard', secretRequest(localUser, [readAll]), 'allowed'],
    [
      'actions are case-insensitive',
      secretRequest(localUser, [doc(allow('SECRETSMANAGER:getsecretvalue'))]),
      'allowed',
    ],
    ['Action list', secretRequest(localUser, [doc(allow(['kms:Decrypt', GET]))]), 'allowed'],
    ['no policy at all', secretRequest(localUser, []), 'no-identity-allow'],
    [
      'identity allows another action',
      secretRequest(localUser, [doc(allow('secretsmanager:DescribeSecret'))]),
      'no-identity-allow',
    ],
    [
      'identity allows another secret',
      secretRequest(localUser, [doc(allow(GET, `${SECRET_ARN}x`))]),
      'no-identity-allow',
    ],
    [
      'Resource wildcard on the name',
      secretRequest(localUser, [
        doc(allow(GET, `arn:aws:secretsmanager:${REGION}:${SECRETS_ACCOUNT}:secret:prod/*`)),
      ]),
      'allowed',
    ],
    [
      'Resource in another region',
      secretRequest(localUser, [
        doc(allow(GET, `arn:aws:secretsmanager:eu-west-1:${SECRETS_ACCOUNT}:secret:*`)),
      ]),
      'no-identity-allow',
    ],
    [
      'NotAction allows what it does not list',
      secretRequest(localUser, [
        doc({ Effect: 'Allow', NotAction: 'secretsmanager:Delete*', Resource: '*' }),
      ]),
      'allowed',
    ],
    [
      'NotAction excludes what it lists',
      secretRequest(
        localUser,
        [doc({ Effect: 'Allow', NotAction: 'secretsmanager:Delete*', Resource: '*' })],
        undefined,
        'secretsmanager:DeleteSecret',
      ),
      'no-identity-allow',
    ],
    [
      'NotResource excludes the secret',
      secretRequest(localUser, [doc({ Effect: 'Allow', Action: GET, NotResource: SECRET_ARN })]),
      'no-identity-allow',
    ],
    [
      'NotResource allows other secrets',
      secretRequest(localUser, [
        doc({ Effect: 'Allow', Action: GET, NotResource: `${SECRET_ARN}x` }),
      ]),
      'allowed',
    ],
    [
      'identity statement without Resource is void',
      secretRequest(localUser, [doc({ Effect: 'Allow', Action: GET })]),
      'no-identity-allow',
    ],
    [
      'resource policy names the user',
      secretRequest(localUser, [], doc(grant(localUser.arn, GET))),
      'allowed',
    ],
    [
      'resource policy names the role of the session',
      secretRequest(localRole, [], doc(grant(roleArn(SECRETS_ACCOUNT), GET))),
      'allowed',
    ],
    [
      'resource policy names the session itself',
      secretRequest(localRole, [], doc(grant(localRole.arn, GET))),
      'allowed',
    ],
    [
      'resource policy names another role',
      secretRequest(localRole, [], doc(grant(roleArn(SECRETS_ACCOUNT, 'other'), GET))),
      'no-identity-allow',
    ],
    [
      'resource policy grants the account root only',
      secretRequest(localUser, [], doc(grant(rootOf(SECRETS_ACCOUNT), GET))),
      'no-identity-allow',
    ],
    [
      'resource policy grants the account id only',
      secretRequest(localUser, [], doc(grant(SECRETS_ACCOUNT, GET))),
      'no-identity-allow',
    ],
    [
      'resource policy Principal *',
      secretRequest(
        localUser,
        [],
        doc({ Effect: 'Allow', Principal: '*', Action: GET, Resource: '*' }),
      ),
      'allowed',
    ],
    [
      'resource statement without Principal is void',
      secretRequest(localUser, [], doc({ Effect: 'Allow', Action: GET, Resource: '*' })),
      'no-identity-allow',
    ],
    [
      'identity Deny beats identity Allow',
      secretRequest(localUser, [readAll, doc(deny(GET))]),
      'explicit-deny',
    ],
    [
      'resource Deny beats identity Allow',
      secretRequest(
        localUser,
        [readAll],
        doc({ Effect: 'Deny', Principal: '*', Action: GET, Resource: '*' }),
      ),
      'explicit-deny',
    ],
    [
      'resource Deny for another principal does not apply',
      secretRequest(
        localUser,
        [readAll],
        doc({
          Effect: 'Deny',
          Principal: { AWS: roleArn(SECRETS_ACCOUNT) },
          Action: GET,
          Resource: '*',
        }),
      ),
      'allowed',
    ],
    [
      'NotPrincipal Deny spares the named user',
      secretRequest(
        localUser,
        [readAll],
        doc({ Effect: 'Deny', NotPrincipal: { AWS: localUser.arn }, Action: GET, Resource: '*' }),
      ),
      'allowed',
    ],
    [
      'NotPrincipal Deny hits everyone else',
      secretRequest(
        user(SECRETS_ACCOUNT, 'other'),
        [readAll],
        doc({ Effect: 'Deny', NotPrincipal: { AWS: localUser.arn }, Action: GET, Resource: '*' }),
      ),
      'explicit-deny',
    ],
    [
      'Deny with unmet condition does not apply',
      secretRequest(localUser, [
        readAll,
        doc(
          deny(GET, '*', {
            Condition: { StringNotEquals: { 'aws:PrincipalAccount': SECRETS_ACCOUNT } },
          }),
        ),
      ]),
      'allowed',
    ],
    [
      'root user of the account needs no policy',
      secretRequest(root(SECRETS_ACCOUNT), []),
      'allowed',
    ],
    [
      'aws:PrincipalArn is the role ARN for a session',
      secretRequest(localRole, [
        doc(
          allow(GET, '*', {
            Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn(SECRETS_ACCOUNT) } },
          }),
        ),
      ]),
      'allowed',
    ],
    [
      'aws:PrincipalType',
      secretRequest(localRole, [
        doc(allow(GET, '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } })),
      ]),
      'no-identity-allow',
    ],
    [
      'aws:username in a Resource variable',
      secretRequest(user(SECRETS_ACCOUNT, 'prod'), [
        doc(
          allow(
            GET,
            `arn:aws:secretsmanager:${REGION}:${SECRETS_ACCOUNT}:secret:\${aws:username}/*`,
          ),
        ),
      ]),
      'allowed',
    ],
    [
      'aws:username is absent for a session',
      secretRequest(localRole, [
        doc(allow(GET, `arn:aws:secretsmanager:*:*:secret:\${aws:username}/*`)),
      ]),
      'no-identity-allow',
    ],
    [
      'single statement object',
      secretRequest(localUser, [{ Version: '2012-10-17', Statement: allow(GET) }]),
      'allowed',
    ],
  ])('%s → %s', (_label, request, reason) => {
    const decision = authorize(request);
    expect(decision.reason).toBe(reason);
    expect(decision.allowed).toBe(reason === 'allowed');
  });
});

describe('authorize: a secret in another account', () => {
  const agentRole = roleArn(AGENT_ACCOUNT);
  it.each<[string, AuthorizationRequest, DecisionReason]>([
    [
      'resource policy and identity policy allow',
      secretRequest(agent, [readSecret], doc(grant(agentRole, GET))),
      'allowed',
    ],
    [
      'resource policy grants the agent account root',
      secretRequest(agent, [readSecret], doc(grant(rootOf(AGENT_ACCOUNT), GET))),
      'allowed',
    ],
    [
      'resource policy grants the agent account id',
      secretRequest(agent, [readSecret], doc(grant(AGENT_ACCOUNT, GET))),
      'allowed',
    ],
    [
      'only the resource policy allows',
      secretRequest(agent, [], doc(grant(agentRole, GET))),
      'no-identity-allow',
    ],
    ['only the identity policy allows', secretRequest(agent, [readSecret]), 'no-resource-allow'],
    [
      'resource policy names another account',
      secretRequest(agent, [readSecret], doc(grant(rootOf('999999999999'), GET))),
      'no-resource-allow',
    ],
    [
      'resource policy grants DescribeSecret only',
      secretRequest(agent, [readSecret], doc(grant(agentRole, 'secretsmanager:DescribeSecret'))),
      'no-resource-allow',
    ],
    ['nothing allows', secretRequest(agent, []), 'no-resource-allow'],
    [
      'root of the other account still needs the resource policy',
      secretRequest(root(AGENT_ACCOUNT), []),
      'no-resource-allow',
    ],
    [
      'root of the other account with resource policy',
      secretRequest(root(AGENT_ACCOUNT), [], doc(grant(AGENT_ACCOUNT, GET))),
      'allowed',
    ],
    [
      'resource Deny on other accounts',
      secretRequest(
        agent,
        [readSecret],
        doc(grant(agentRole, GET), {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': SECRETS_ACCOUNT } },
        }),
      ),
      'explicit-deny',
    ],
  ])('%s → %s', (_label, request, reason) => {
    const decision = authorize(request);
    expect(decision.reason).toBe(reason);
    expect(decision.allowed).toBe(reason === 'allowed');
  });

  it('names the principal, action, resource and the missing resource policy', () => {
    const decision = authorize(secretRequest(agent, [readSecret]));
    expect(decision.policy).toBe('resource');
    expect(decision.message).toMatch(
      new RegExp(
        `^User: ${escapeRegExp(agent.arn)} is not authorized to perform: ${GET} on resource: ${escapeRegExp(SECRET_ARN)} because no resource-based policy allows the ${GET} action`,
      ),
    );
    expect(decision.explanation).toContain(`does not allow ${agentRole}`);
    expect(decision.explanation).not.toContain('either');
  });

  it('says when the identity policy is missing too', () => {
    expect(authorize(secretRequest(agent, [])).explanation).toContain(
      `No identity-based policy attached to ${agentRole} allows it either.`,
    );
  });

  it('names the missing identity policy of the caller account', () => {
    const decision = authorize(secretRequest(agent, [], doc(grant(agentRole, GET))));
    expect(decision.policy).toBe('identity');
    expect(decision.message).toContain(
      'because no identity-based policy allows the secretsmanager:GetSecretValue action',
    );
    expect(decision.explanation).toContain(
      `no identity-based policy attached to ${agentRole} allows ${GET} on ${SECRET_ARN}`,
    );
  });

  it('names the Sid of an explicit deny', () => {
    const decision = authorize(
      secretRequest(
        agent,
        [readSecret],
        doc(grant(agentRole, GET), {
          Sid: 'OnlyOwnAccount',
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': SECRETS_ACCOUNT } },
        }),
      ),
    );
    expect(decision.statementSid).toBe('OnlyOwnAccount');
    expect(decision.message).toBe(
      `User: ${agent.arn} is not authorized to perform: ${GET} on resource: ${SECRET_ARN} with an explicit deny in a resource-based policy`,
    );
    expect(decision.explanation).toContain("statement 'OnlyOwnAccount'");
  });
});

describe('authorize: KMS key policies are authoritative', () => {
  const agentRole = roleArn(AGENT_ACCOUNT);
  const decrypt = doc(allow('kms:Decrypt', KEY_ARN));
  const rootGrant = doc(grant(rootOf(SECRETS_ACCOUNT), 'kms:*'));
  const agentGrant = doc(
    grant(agentRole, 'kms:Decrypt', {
      Sid: 'AgentDecrypt',
      Condition: { StringEquals: { 'kms:ViaService': VIA_SECRETS_MANAGER } },
    }),
    grant(agentRole, 'kms:DescribeKey'),
  );
  const managed = awsManagedKeyPolicy(SECRETS_ACCOUNT, REGION, 'secretsmanager');

  it.each<[string, AuthorizationRequest, DecisionReason]>([
    [
      'key policy grants root, identity allows',
      keyRequest(localRole, [decrypt], rootGrant),
      'allowed',
    ],
    [
      'key policy grants root, no identity policy',
      keyRequest(localRole, [], rootGrant),
      'no-identity-allow',
    ],
    [
      'key policy lacks root, identity allows',
      keyRequest(localRole, [decrypt], doc(grant(roleArn(SECRETS_ACCOUNT, 'admin'), 'kms:*'))),
      'key-policy-denies',
    ],
    [
      'key policy names the role directly',
      keyRequest(localRole, [], doc(grant(roleArn(SECRETS_ACCOUNT), 'kms:Decrypt'))),
      'allowed',
    ],
    [
      'root user is locked out without a key policy grant',
      keyRequest(root(SECRETS_ACCOUNT), [], doc(grant(roleArn(SECRETS_ACCOUNT), 'kms:*'))),
      'key-policy-denies',
    ],
    ['root user with the root grant', keyRequest(root(SECRETS_ACCOUNT), [], rootGrant), 'allowed'],
    [
      'key policy Deny',
      keyRequest(
        localRole,
        [decrypt],
        doc(grant(rootOf(SECRETS_ACCOUNT), 'kms:*'), {
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
        }),
      ),
      'explicit-deny',
    ],
    [
      'cross-account: key policy names the role, identity allows, via Secrets Manager',
      keyRequest(agent, [decrypt], agentGrant),
      'allowed',
    ],
    [
      'cross-account: key policy grants the agent account root',
      keyRequest(agent, [decrypt], doc(grant(rootOf(AGENT_ACCOUNT), 'kms:Decrypt'))),
      'allowed',
    ],
    [
      'cross-account: not via Secrets Manager',
      keyRequest(agent, [decrypt], agentGrant, { context: {} }),
      'key-policy-denies',
    ],
    [
      'cross-account: via another service',
      keyRequest(agent, [decrypt], agentGrant, {
        context: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' },
      }),
      'key-policy-denies',
    ],
    [
      'cross-account: key policy lacks the role',
      keyRequest(agent, [decrypt], rootGrant),
      'key-policy-denies',
    ],
    [
      'cross-account: identity policy lacks kms:Decrypt',
      keyRequest(agent, [doc(allow('kms:DescribeKey', KEY_ARN))], agentGrant),
      'no-identity-allow',
    ],
    [
      'cross-account: DescribeKey needs no ViaService',
      keyRequest(agent, [doc(allow('kms:DescribeKey', KEY_ARN))], agentGrant, {
        action: 'kms:DescribeKey',
        context: {},
      }),
      'allowed',
    ],
    [
      'AWS managed key: own account through the service',
      keyRequest(localRole, [], managed),
      'allowed',
    ],
    [
      'AWS managed key: own account directly',
      keyRequest(localRole, [decrypt], managed, { context: {} }),
      'key-policy-denies',
    ],
    [
      'AWS managed key: another account through the service',
      keyRequest(agent, [decrypt], managed),
      'key-policy-denies',
    ],
    [
      'AWS managed key flagged: another account',
      keyRequest(
        agent,
        [decrypt],
        doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }),
        { keyManager: 'AWS' },
      ),
      'key-policy-denies',
    ],
    [
      'kms:CallerAccount condition',
      keyRequest(
        agent,
        [decrypt],
        doc(
          grant('*', 'kms:Decrypt', {
            Condition: { StringEquals: { 'kms:CallerAccount': AGENT_ACCOUNT } },
          }),
        ),
      ),
      'allowed',
    ],
  ])('%s → %s', (_label, request, reason) => {
    const decision = authorize(request);
    expect(decision.reason).toBe(reason);
    expect(decision.allowed).toBe(reason === 'allowed');
  });

  it('explains an unmet kms:ViaService condition', () => {
    const decision = authorize(keyRequest(agent, [decrypt], agentGrant, { context: {} }));
    expect(decision.policy).toBe('key');
    expect(decision.message).toContain(
      `because no resource-based policy allows the kms:Decrypt action`,
    );
    expect(decision.explanation).toContain(
      `A statement (statement 'AgentDecrypt') matches the principal and action but its condition StringEquals kms:ViaService expects '${VIA_SECRETS_MANAGER}'`,
    );
  });

  it('says identity policies do not count when the key policy lacks the root grant', () => {
    const decision = authorize(
      keyRequest(localRole, [decrypt], doc(grant(roleArn(SECRETS_ACCOUNT, 'admin'), 'kms:*'))),
    );
    expect(decision.explanation).toContain(
      `neither names the principal nor grants its account root ${rootOf(SECRETS_ACCOUNT)}`,
    );
    expect(decision.explanation).toContain(
      'identity-based policies count for a KMS key only when its key policy grants the account root',
    );
  });

  it('says an AWS managed key cannot be used across accounts', () => {
    const decision = authorize(keyRequest(agent, [decrypt], managed, { keyManager: 'AWS' }));
    expect(decision.message).toMatch(
      /because no resource-based policy allows the kms:Decrypt action$/,
    );
    expect(decision.explanation).toContain(
      'AWS managed keys can never be used from another account',
    );
  });

  it('names the missing identity policy across accounts', () => {
    const decision = authorize(keyRequest(agent, [], agentGrant));
    expect(decision.explanation).toContain(
      `no identity-based policy attached to ${agentRole} allows kms:Decrypt on ${KEY_ARN}`,
    );
  });

  it('says which statement allowed', () => {
    const decision = authorize(
      keyRequest(
        localRole,
        [],
        doc({ ...grant(roleArn(SECRETS_ACCOUNT), 'kms:Decrypt'), Sid: 'RoleUse' }),
      ),
    );
    expect(decision).toMatchObject({ allowed: true, statementSid: 'RoleUse' });
    expect(decision.message).toContain('allowed by the key policy');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
