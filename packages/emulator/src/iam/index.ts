export { authorizeAssumeRole } from './assume-role.js';
export { authorize } from './authorize.js';
export { CONDITION_OPERATORS, evaluateConditions } from './conditions.js';
export { principalContext } from './context.js';
export { awsManagedKeyPolicy } from './managed-key-policy.js';
export { accountOfPrincipalEntry, matchPrincipal, type PrincipalMatch } from './principal.js';
export { matchesAction, matchesResource, statementsOf } from './statements.js';
export type {
  AssumeRoleRequest,
  AuthorizationRequest,
  CallerPrincipal,
  Decision,
  DecisionReason,
  PolicyCondition,
  PolicyDocument,
  PolicyPrincipal,
  PolicySource,
  PolicyStatement,
  ResourcePolicyKind,
  ServiceCaller,
  StringOrList,
} from './types.js';
export { arnMatch, globMatch } from './wildcard.js';
