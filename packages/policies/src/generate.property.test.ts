import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePolicies } from './generate.js';
import { validatePolicyGrammar } from './grammar.js';
import type { PolicyOptions } from './types.js';

const account = fc.constantFrom('111122223333', '444455556666', '777788889999');
const roleName = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,20}$/);
const prefix = fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,12}$/);

const optionsArb: fc.Arbitrary<PolicyOptions> = fc
  .record({
    authType: fc.constantFrom(
      'role-based',
      'instance-profile',
      'access-key',
      'default-chain',
    ) as fc.Arbitrary<PolicyOptions['authType'] & string>,
    agentAccount: account,
    agentRole: roleName,
    instance: fc.option(fc.record({ account, name: roleName, self: fc.boolean() }), {
      nil: undefined,
    }),
    secretsAccount: fc.option(account, { nil: undefined }),
    prefixes: fc.array(prefix, { maxLength: 3 }),
    externalId: fc.option(fc.stringMatching(/^[A-Za-z0-9+=,.@:/-]{2,40}$/), { nil: undefined }),
    withKey: fc.boolean(),
  })
  .map((raw) => {
    const agentRoleArn = `arn:aws:iam::${raw.agentAccount}:role/${raw.agentRole}`;
    const options: PolicyOptions = {
      region: 'us-east-2',
      authType: raw.authType,
      agentAccountId: raw.agentAccount,
      secretNamePrefixes: raw.prefixes,
    };
    if (raw.authType === 'role-based' || raw.authType === 'instance-profile')
      options.agentRoleArn = agentRoleArn;
    if (raw.authType === 'access-key')
      options.agentUserArn = `arn:aws:iam::${raw.agentAccount}:user/${raw.agentRole}`;
    if (raw.instance)
      options.instanceRoleArn = raw.instance.self
        ? agentRoleArn
        : `arn:aws:iam::${raw.instance.account}:role/${raw.instance.name}`;
    if (raw.secretsAccount) options.secretsAccountId = raw.secretsAccount;
    if (raw.externalId) options.externalId = raw.externalId;
    if (raw.withKey)
      options.kmsKeyArn = `arn:aws:kms:us-east-2:${raw.secretsAccount ?? raw.agentAccount}:key/abcd-1234`;
    return options;
  });

describe('generatePolicies properties', () => {
  it('every generated document is valid grammar, uses each Sid once across the set, and grants only Allow', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        if (
          options.authType === 'default-chain' &&
          options.secretsAccountId &&
          options.secretsAccountId !== options.agentAccountId
        ) {
          // the default chain has no principal ARN to put in a key or resource policy
          expect(() => generatePolicies(options)).toThrow(/agent's principal ARN/);
          return;
        }
        const set = generatePolicies(options);
        expect(set.length).toBeGreaterThan(0);
        const sids = new Set<string>();
        for (const entry of set) {
          expect(validatePolicyGrammar(entry.document, entry.kind).issues).toEqual([]);
          for (const statement of entry.document.Statement) {
            expect(statement.Effect).toBe('Allow');
            expect(sids.has(statement.Sid!)).toBe(false);
            sids.add(statement.Sid!);
          }
        }
        const crossAccount =
          options.secretsAccountId !== undefined &&
          options.secretsAccountId !== options.agentAccountId;
        expect(set.some((entry) => entry.account === 'secrets')).toBe(crossAccount);
      }),
      { numRuns: 300 },
    );
  });
});
