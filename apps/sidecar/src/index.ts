import { isLoopbackAddress as loopbackAddress } from '@vaultline/config';
import { secretNameOf as nameOfSecret } from '@vaultline/secret-names';

// Kept for importers of the sidecar; the rules live in @vaultline/config and
// @vaultline/secret-names. Declared as constants so the published types need neither package
// (both are bundled, so they are devDependencies).
/** @see isLoopbackAddress of `@vaultline/config`. @example isLoopbackAddress('127.0.0.1'); // true */
export const isLoopbackAddress: (address: string) => boolean = loopbackAddress;
/** @see secretNameOf of `@vaultline/secret-names`. @example secretNameOf('prod/db'); // 'prod/db' */
export const secretNameOf: (secretId: string) => string = nameOfSecret;

export {
  allowsConnection,
  allowsSecret,
  FULL_ACCESS,
  type Grant,
} from './auth/scopes.js';
export { createTokenStore, type TokenStore, type TokenStoreOptions } from './auth/tokens.js';
export { runSidecarCommand } from './command.js';
export {
  ERROR_TABLE,
  errorBody,
  type FailureCode,
  failure,
  type HttpFailure,
} from './error-table.js';
export { SidecarError, type SidecarErrorCode } from './errors.js';
export { checkBindAddress } from './listen.js';
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
export { failureFromError } from './upstream-error.js';
