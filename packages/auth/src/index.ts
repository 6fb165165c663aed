// Redaction lives in @vaultline/secret-names (through config); kept under auth's old name.
export { redactSecrets as redactCredentials } from '@vaultline/config';
export { createAuthStrategy } from './create-auth-strategy.js';
export { AuthError, type AuthErrorCode, type AuthErrorOptions, isAuthError } from './errors.js';
export { AUTH_HINTS, type AuthHint } from './hints.js';
export { createRefreshingProvider, type RefreshOptions, renewalTime } from './refresh.js';
export { deriveSessionName, isValidSessionName } from './session-name.js';
export { createAccessKeyStrategy } from './strategies/access-key/index.js';
export { createDefaultChainStrategy } from './strategies/default-chain/index.js';
export {
  createInstanceProfileStrategy,
  readInstanceRoleArn,
} from './strategies/instance-profile/index.js';
export { createRoleBasedStrategy } from './strategies/role-based/index.js';
export {
  GLOBAL_STS_ENDPOINT,
  GLOBAL_STS_SIGNING_REGION,
  resolveStsEndpoint,
  type StsEndpoint,
} from './sts-endpoint.js';
export { type AuthErrorContext, toAuthError } from './to-auth-error.js';
export type {
  AuthLogger,
  AuthOptions,
  AuthStrategy,
  AuthStrategyName,
  CallerIdentity,
} from './types.js';
export type {
  AccessKeyVaultInput,
  AuthVaultInput,
  DefaultChainVaultInput,
  InstanceMetadataSettings,
  InstanceProfileVaultInput,
  RoleBasedVaultInput,
  RoleChainEntry,
  StsVaultFields,
} from './vault.js';
