import { deniedError } from '../http/wire-error.js';
import { authorize } from '../iam/index.js';
import type { AuthorizationRequest, Decision } from '../iam/types.js';
import type { KmsKey } from '../state/kms-store.js';
import type { CallContext } from './context.js';

/** Runs the IAM evaluator for the caller; throws AccessDenied(Exception) with its message. */
export function requireAllowed(
  ctx: CallContext,
  request: Omit<AuthorizationRequest, 'principal' | 'identityPolicies'>,
): void {
  const decision = decide(ctx, request);
  if (!decision.allowed) throw deniedError(ctx.protocol, decision);
}

/** The evaluator's decision for the caller, without throwing. */
export function decide(
  ctx: CallContext,
  request: Omit<AuthorizationRequest, 'principal' | 'identityPolicies'>,
): Decision {
  return authorize({
    ...request,
    principal: ctx.caller.principal,
    identityPolicies: ctx.world.identities.policiesOf(ctx.caller),
  });
}

/** The decision on a KMS action on `key`, for the caller, optionally through a service. */
export function decideKms(
  ctx: CallContext,
  action: string,
  key: KmsKey,
  viaService?: string,
): Decision {
  return decide(ctx, {
    action,
    resource: key.arn,
    resourceAccountId: key.accountId,
    resourcePolicy: key.policy,
    resourcePolicyKind: 'kms-key',
    keyManager: key.keyManager,
    context: viaService ? { 'kms:ViaService': viaService } : undefined,
  });
}
