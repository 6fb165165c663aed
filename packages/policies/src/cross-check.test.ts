// Applies the generated documents to the emulator's IAM evaluator (the same code that
// authorizes requests in @vaultline/emulator) and shows that each statement is needed.
import {
  type AuthorizationRequest,
  authorize,
  authorizeAssumeRole,
  type CallerPrincipal,
  type Decision,
  type PolicyDocument as EvaluatorDocument,
} from '@vaultline/emulator/iam';
import { describe, expect, it } from 'vitest';
import { generatePolicies } from './generate.js';
import type { PolicyDocumentSet, PolicyEntry, PolicyId, PolicyOptions } from './types.js';

const REGION = 'us-east-2';
const SECRETS = '111122223333';
const AGENT = '444455556666';
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${SECRETS}:secret:prod/db-a1B2c3`;
const LOCAL_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:prod/db-a1B2c3`;
const KEY_ARN = `arn:aws:kms:${REGION}:${SECRETS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LOCAL_KEY_ARN = `arn:aws:kms:${REGION}:${AGENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const AGENT_ROLE = `arn:aws:iam::${AGENT}:role/vaultline-agent`;
const INSTANCE_ROLE = `arn:aws:iam::${AGENT}:role/ec2-host`;
const VIA = `secretsmanager.${REGION}.amazonaws.com`;

const sessionOf = (roleArn: string): CallerPrincipal => {
  const [, , , , accountId, resource] = roleArn.split(':') as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return {
    kind: 'assumed-role',
    arn: `arn:aws:sts::${accountId}:assumed-role/${name}/s1`,
    accountId,
    roleArn,
    sessionName: 's1',
  };
};

const docOf = (set: PolicyDocumentSet, id: PolicyId): EvaluatorDocument | undefined =>
  set.find((entry) => entry.id === id)?.document;
const identityOf = (set: PolicyDocumentSet, ...ids: PolicyId[]): EvaluatorDocument[] =>
  ids.map((id) => docOf(set, id)).filter((doc): doc is EvaluatorDocument => doc !== undefined);

/** The account's own default key policy (grants the account root), for same-account keys. */
const defaultKeyPolicy = (account: string): EvaluatorDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnableIamUserPermissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
});

interface Check {
  name: string;
  run: (set: PolicyDocumentSet) => Decision;
}

/** The calls a working setup makes: read, describe, list, decrypt via Secrets Manager, describe the key. */
function readChecks(
  caller: CallerPrincipal,
  secretArn: string,
  keyArn: string | undefined,
  crossAccount: boolean,
  identityIds: PolicyId[],
): Check[] {
  const secretAccount = secretArn.split(':')[4]!;
  const keyAccount = keyArn?.split(':')[4] ?? secretAccount;
  const base = (
    set: PolicyDocumentSet,
    extra: Partial<AuthorizationRequest> &
      Pick<AuthorizationRequest, 'action' | 'resource' | 'resourceAccountId'>,
  ): AuthorizationRequest => ({
    principal: caller,
    identityPolicies: identityOf(set, ...identityIds),
    ...extra,
  });
  const secretRequest = (set: PolicyDocumentSet, action: string): AuthorizationRequest => {
    const resourcePolicy = docOf(set, 'secret-resource-policy');
    return base(set, {
      action,
      resource: secretArn,
      resourceAccountId: secretAccount,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
  };
  const keyRequest = (
    set: PolicyDocumentSet,
    action: string,
    context: Record<string, string>,
  ): AuthorizationRequest =>
    base(set, {
      action,
      resource: keyArn!,
      resourceAccountId: keyAccount,
      resourcePolicy: crossAccount ? docOf(set, 'kms-key-policy')! : defaultKeyPolicy(keyAccount),
      resourcePolicyKind: 'kms-key',
      context,
    });
  return [
    {
      name: 'GetSecretValue',
      run: (set) => authorize(secretRequest(set, 'secretsmanager:GetSecretValue')),
    },
    {
      name: 'DescribeSecret',
      run: (set) => authorize(secretRequest(set, 'secretsmanager:DescribeSecret')),
    },
    {
      name: 'ListSecrets',
      run: (set) =>
        authorize(
          base(set, {
            action: 'secretsmanager:ListSecrets',
            resource: '*',
            resourceAccountId: caller.accountId,
          }),
        ),
    },
    {
      name: 'BatchGetSecretValue',
      run: (set) =>
        authorize(
          base(set, {
            action: 'secretsmanager:BatchGetSecretValue',
            resource: '*',
            resourceAccountId: caller.accountId,
          }),
        ),
    },
    ...(keyArn
      ? [
          {
            name: 'kms:Decrypt via Secrets Manager',
            run: (set: PolicyDocumentSet) =>
              authorize(keyRequest(set, 'kms:Decrypt', { 'kms:ViaService': VIA })),
          },
        ]
      : []),
    ...(keyArn && crossAccount
      ? [
          {
            name: 'kms:DescribeKey',
            run: (set: PolicyDocumentSet) => authorize(keyRequest(set, 'kms:DescribeKey', {})),
          },
        ]
      : []),
  ];
}

function assumeCheck(
  caller: CallerPrincipal | { service: string },
  roleArn: string,
  callerIdentityIds: PolicyId[],
  externalId?: string,
): Check {
  return {
    name: `AssumeRole by ${'service' in caller ? caller.service : caller.arn}`,
    run: (set) =>
      authorizeAssumeRole({
        caller,
        roleArn,
        roleAccountId: roleArn.split(':')[4]!,
        trustPolicy: docOf(set, 'trust-policy')!,
        callerIdentityPolicies: identityOf(set, ...callerIdentityIds),
        ...(externalId ? { externalId } : {}),
      }),
  };
}

interface Setup {
  name: string;
  options: PolicyOptions;
  ids: PolicyId[];
  checks: Check[];
}

const SETUPS: Setup[] = [
  {
    name: 'role-based, cross-account, instance role assumes the agent role with an external id',
    options: {
      region: REGION,
      authType: 'role-based',
      agentRoleArn: AGENT_ROLE,
      instanceRoleArn: INSTANCE_ROLE,
      externalId: 'team-42',
      secretArns: [SECRET_ARN],
      kmsKeyArn: KEY_ARN,
    },
    ids: [
      'read-policy',
      'trust-policy',
      'kms-key-policy',
      'secret-resource-policy',
      'agent-cross-account-policy',
    ],
    checks: [
      assumeCheck(sessionOf(INSTANCE_ROLE), AGENT_ROLE, ['instance-profile-policy'], 'team-42'),
      ...readChecks(sessionOf(AGENT_ROLE), SECRET_ARN, KEY_ARN, true, [
        'read-policy',
        'agent-cross-account-policy',
      ]),
    ],
  },
  {
    name: 'role-based, cross-account, self-assume, secrets by name prefix',
    options: {
      region: REGION,
      authType: 'role-based',
      agentRoleArn: AGENT_ROLE,
      instanceRoleArn: AGENT_ROLE,
      secretNamePrefixes: ['prod/'],
      secretsAccountId: SECRETS,
      kmsKeyArn: KEY_ARN,
    },
    ids: [
      'read-policy',
      'trust-policy',
      'kms-key-policy',
      'secret-resource-policy',
      'agent-cross-account-policy',
    ],
    checks: [
      assumeCheck({ service: 'ec2.amazonaws.com' }, AGENT_ROLE, []),
      assumeCheck(sessionOf(AGENT_ROLE), AGENT_ROLE, ['read-policy', 'agent-cross-account-policy']),
      ...readChecks(sessionOf(AGENT_ROLE), SECRET_ARN, KEY_ARN, true, [
        'read-policy',
        'agent-cross-account-policy',
      ]),
    ],
  },
  {
    name: 'instance profile, cross-account',
    options: {
      region: REGION,
      authType: 'instance-profile',
      instanceRoleArn: INSTANCE_ROLE,
      secretArns: [SECRET_ARN],
      kmsKeyArn: KEY_ARN,
    },
    ids: [
      'instance-profile-policy',
      'trust-policy',
      'kms-key-policy',
      'secret-resource-policy',
      'agent-cross-account-policy',
    ],
    checks: [
      assumeCheck({ service: 'ec2.amazonaws.com' }, INSTANCE_ROLE, []),
      ...readChecks(sessionOf(INSTANCE_ROLE), SECRET_ARN, KEY_ARN, true, [
        'instance-profile-policy',
        'agent-cross-account-policy',
      ]),
    ],
  },
  {
    name: 'access key, cross-account',
    options: {
      region: REGION,
      authType: 'access-key',
      agentUserArn: `arn:aws:iam::${AGENT}:user/vaultline`,
      secretArns: [SECRET_ARN],
      kmsKeyArn: KEY_ARN,
    },
    ids: ['read-policy', 'kms-key-policy', 'secret-resource-policy', 'agent-cross-account-policy'],
    checks: readChecks(
      { kind: 'user', arn: `arn:aws:iam::${AGENT}:user/vaultline`, accountId: AGENT },
      SECRET_ARN,
      KEY_ARN,
      true,
      ['read-policy', 'agent-cross-account-policy'],
    ),
  },
  {
    name: 'role-based, same account, customer managed key',
    options: {
      region: REGION,
      authType: 'role-based',
      agentRoleArn: AGENT_ROLE,
      instanceRoleArn: INSTANCE_ROLE,
      secretArns: [LOCAL_SECRET_ARN],
      kmsKeyArn: LOCAL_KEY_ARN,
    },
    ids: ['read-policy', 'trust-policy'],
    checks: [
      assumeCheck(sessionOf(INSTANCE_ROLE), AGENT_ROLE, []),
      ...readChecks(sessionOf(AGENT_ROLE), LOCAL_SECRET_ARN, LOCAL_KEY_ARN, false, ['read-policy']),
    ],
  },
  {
    name: 'role-based, instance role in another account',
    options: {
      region: REGION,
      authType: 'role-based',
      agentRoleArn: AGENT_ROLE,
      instanceRoleArn: `arn:aws:iam::${SECRETS}:role/ec2-host`,
      secretArns: [LOCAL_SECRET_ARN],
    },
    ids: ['read-policy', 'instance-profile-policy', 'trust-policy'],
    checks: [
      assumeCheck(sessionOf(`arn:aws:iam::${SECRETS}:role/ec2-host`), AGENT_ROLE, [
        'instance-profile-policy',
      ]),
      ...readChecks(sessionOf(AGENT_ROLE), LOCAL_SECRET_ARN, undefined, false, ['read-policy']),
    ],
  },
];

const EXPECTED_POLICY = {
  identity: 'identity',
  trust: 'trust',
  key: 'key',
  resource: 'resource',
} as const;

const withoutStatement = (
  set: PolicyDocumentSet,
  entry: PolicyEntry,
  index: number,
): PolicyDocumentSet =>
  set.map((other) =>
    other === entry
      ? {
          ...other,
          document: {
            ...other.document,
            Statement: other.document.Statement.filter((_, i) => i !== index),
          },
        }
      : other,
  );

describe('generated documents against the emulator evaluator', () => {
  describe.each(SETUPS)('$name', ({ options, ids, checks }) => {
    const set = generatePolicies(options);

    it('generates exactly the documents the setup needs', () => {
      expect(set.map((entry) => entry.id)).toEqual(ids);
    });

    it.each(checks.map((check) => [check.name, check] as const))(
      '%s is allowed with every document applied',
      (_name, check) => {
        const decision = check.run(set);
        expect(decision.message).toBe(decision.allowed ? decision.message : 'allowed');
        expect(decision.allowed).toBe(true);
      },
    );

    const removals = set.flatMap((entry) =>
      entry.document.Statement.map(
        (statement, index) => [`${entry.id} without ${statement.Sid}`, entry, index] as const,
      ),
    );
    it.each(removals)('%s denies a call and names the missing policy', (_label, entry, index) => {
      const reduced = withoutStatement(set, entry, index);
      const denials = checks
        .map((check) => check.run(reduced))
        .filter((decision) => !decision.allowed);
      expect(denials.length).toBeGreaterThan(0);
      const expected = EXPECTED_POLICY[entry.kind];
      const named = denials.find(
        (decision) =>
          decision.policy === expected ||
          (expected === 'key' && decision.reason === 'key-policy-denies'),
      );
      expect(named, denials.map((decision) => decision.message).join('\n')).toBeDefined();
      expect(named!.message).toMatch(/is not authorized to perform: \S+/);
    });
  });

  it('names the key policy and the agent role when the key policy statement is missing', () => {
    const setup = SETUPS[0]!;
    const set = generatePolicies(setup.options);
    const keyEntry = set.find((entry) => entry.id === 'kms-key-policy')!;
    const index = keyEntry.document.Statement.findIndex(
      (statement) => statement.Sid === 'KeyPolicyAgentDecryptViaSecretsManager',
    );
    const decrypt = setup.checks.find((check) => check.name === 'kms:Decrypt via Secrets Manager')!;
    const decision = decrypt.run(withoutStatement(set, keyEntry, index));
    expect(decision.reason).toBe('key-policy-denies');
    expect(decision.explanation).toContain(
      `the key policy of ${KEY_ARN} does not allow ${AGENT_ROLE}`,
    );
  });

  it('refuses the external id check without the id', () => {
    const setup = SETUPS[0]!;
    const set = generatePolicies(setup.options);
    const decision = assumeCheck(sessionOf(INSTANCE_ROLE), AGENT_ROLE, []).run(set);
    expect(decision).toMatchObject({ allowed: false, reason: 'no-trust-allow' });
    expect(decision.explanation).toContain('sts:ExternalId');
    expect(`${decision.message} ${decision.explanation}`).not.toContain('team-42');
  });
});
