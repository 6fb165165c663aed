import { EmulatorError } from '../errors.js';
import type { EmulatorCore } from '../http/core.js';
import type { PolicyDocument } from '../iam/types.js';
import { policyDocumentSchema } from '../scenario/schema.js';
import type { PrincipalDocuments, PrincipalDocumentsInput } from './types.js';

/**
 * The IAM documents of every user and role (what IAM's Get*Policy calls would show), for a
 * test to read and change as a user would with the IAM console or CLI; the emulator serves
 * no IAM API of its own.
 */
export function principalDocuments(core: EmulatorCore): PrincipalDocuments[] {
  const identities = core.world.identities;
  return [
    ...[...identities.users.values()].map((u) => ({
      arn: u.arn,
      kind: 'user' as const,
      policies: u.policies,
    })),
    ...[...identities.roles.values()].map((r) => ({
      arn: r.arn,
      kind: 'role' as const,
      policies: r.policies,
      trustPolicy: r.trustPolicy,
    })),
  ];
}

/** Replaces a user's or role's identity policies and/or a role's trust policy; they apply at once. */
export function setPrincipalDocuments(
  core: EmulatorCore,
  input: PrincipalDocumentsInput,
): PrincipalDocuments {
  if (typeof input.arn !== 'string') {
    throw new EmulatorError(
      'CONTROL_REQUEST_FAILED',
      "principal documents need 'arn' (a user or role ARN) and 'policies' and/or 'trustPolicy'",
    );
  }
  const identities = core.world.identities;
  const user = identities.users.get(input.arn);
  const role = user ? undefined : identities.findRole(input.arn);
  const record = user ?? role;
  if (!record) {
    throw new EmulatorError(
      'CONTROL_REQUEST_FAILED',
      `no user or role ${input.arn} in the scenario`,
    );
  }
  if (input.policies !== undefined) {
    if (!Array.isArray(input.policies)) {
      throw new EmulatorError('CONTROL_REQUEST_FAILED', "'policies' must be a list of documents");
    }
    record.policies = input.policies.map((p) => checked(p, 'policies'));
  }
  if (input.trustPolicy !== undefined) {
    if (!role) {
      throw new EmulatorError(
        'CONTROL_REQUEST_FAILED',
        `${input.arn} is a user: only roles have a trust policy`,
      );
    }
    role.trustPolicy = checked(input.trustPolicy, 'trustPolicy');
  }
  return role
    ? { arn: role.arn, kind: 'role', policies: role.policies, trustPolicy: role.trustPolicy }
    : { arn: record.arn, kind: 'user', policies: record.policies };
}

/** A document as a scenario would accept it, or the reason it is refused. */
function checked(document: unknown, field: string): PolicyDocument {
  const parsed = policyDocumentSchema.safeParse(document);
  if (!parsed.success) {
    throw new EmulatorError(
      'CONTROL_REQUEST_FAILED',
      `'${field}' holds an invalid policy document: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data as PolicyDocument;
}
