export {
  type PolicyConfig,
  type PolicyFlags,
  policyOptionsForConfig,
} from './config-options.js';
export { PolicyError, type PolicyErrorCode } from './errors.js';
export { formatPolicyForPeople } from './format.js';
export { generatePolicies, generatePolicy, POLICY_IDS } from './generate.js';
export { type GrammarResult, KNOWN_CONDITION_OPERATORS, validatePolicyGrammar } from './grammar.js';
export {
  ec2ServicePrincipal,
  policyOptionsFromConfig,
  secretsManagerServiceName,
  type VaultLike,
} from './options.js';
export type {
  AuthType,
  Partition,
  PolicyDocument,
  PolicyDocumentSet,
  PolicyEntry,
  PolicyId,
  PolicyKind,
  PolicyOptions,
  PolicyStatement,
  StringOrList,
} from './types.js';
