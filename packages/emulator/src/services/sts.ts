import { AwsWireError, authError, deniedError } from '../http/wire-error.js';
import { authorizeAssumeRole } from '../iam/index.js';
import type { CallContext } from './context.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** An STS action: query parameters in, result fields out. */
export type StsHandler = (
  ctx: CallContext,
  params: Record<string, string>,
) => Record<string, unknown>;

const validation = (message: string) => new AwsWireError('ValidationError', message, 400);

/** sts:GetCallerIdentity, which needs no permission. */
const getCallerIdentity: StsHandler = (ctx) => {
  const { principal } = ctx.caller;
  return {
    UserId: principal.userId ?? principal.accountId,
    Account: principal.accountId,
    Arn: principal.arn,
  };
};

/** sts:AssumeRole: trust policy (and caller's identity policy) decide; issues ASIA credentials. */
const assumeRole: StsHandler = (ctx, params) => {
  const roleArn = params.RoleArn;
  const sessionName = params.RoleSessionName;
  if (!roleArn)
    throw validation(
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
  if (!sessionName || !SESSION_NAME.test(sessionName)) {
    throw validation(
      `1 validation error detected: Value '${sessionName ?? 'null'}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const externalId = params.ExternalId;
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw validation(
      `1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`,
    );
  }
  const role = ctx.world.identities.findRole(roleArn);
  const caller = ctx.caller.principal;
  const denied = () =>
    authError(
      'denied',
      'query',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  if (!role) throw denied();
  const decision = authorizeAssumeRole({
    caller,
    roleArn: role.arn,
    roleAccountId: role.accountId,
    trustPolicy: role.trustPolicy,
    callerIdentityPolicies: ctx.world.identities.policiesOf(ctx.caller),
    externalId,
  });
  if (!decision.allowed) throw deniedError('query', decision);
  const requested = params.DurationSeconds === undefined ? 3600 : Number(params.DurationSeconds);
  if (!Number.isInteger(requested) || requested < 900) {
    throw validation(
      `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  }
  if (caller.kind === 'assumed-role' && requested > 3600) {
    throw validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (requested > role.maxSessionDuration) {
    throw validation(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const issued = ctx.world.identities.issueRoleSession(role, sessionName, requested);
  return {
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: issued.expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
    },
  };
};

/** The STS actions the emulator serves. */
export const STS_ACTIONS: Record<string, StsHandler> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
