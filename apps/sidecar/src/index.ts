export {
  allowsConnection,
  allowsSecret,
  FULL_ACCESS,
  type Grant,
  secretNameOf,
} from './auth/scopes.js';
export { createTokenStore, type TokenStore, type TokenStoreOptions } from './auth/tokens.js';
export { runSidecarCommand } from './command.js';
export {
  ERROR_TABLE,
  errorBody,
  type FailureCode,
  failure,
  failureFromError,
  type HttpFailure,
} from './error-table.js';
export { SidecarError, type SidecarErrorCode } from './errors.js';
export { checkBindAddress, isLoopbackAddress } from './listen.js';
export { createSidecarLogger, REDACTED_PATHS, type SidecarLoggerOptions } from './logging.js';
export {
  createSidecarMetrics,
  type SidecarMetrics,
  type SidecarMetricsOptions,
} from './metrics.js';
export { parsePathStyle, parseQueryStyle, type SecretQuery } from './query.js';
export { serializeSecret } from './secret-body.js';
export {
  DEFAULT_TOKEN_ENV_VARIABLES,
  DEFAULT_TOKEN_HEADERS,
  type SidecarSettings,
  type SidecarSettingsInput,
  sidecarSettingsSchema,
  type TokenScopeSettings,
} from './settings.js';
export {
  type LoadedSettings,
  loadSidecarSettings,
  parseSidecarFlags,
  readSettingsFile,
  type SettingsSources,
} from './settings-sources.js';
export { type RunningSidecar, type StartSidecarOptions, startSidecar } from './sidecar.js';
export type {
  ConnectionResult,
  GetSecretOptions,
  SecretSource,
  SecretValueResult,
} from './source.js';
