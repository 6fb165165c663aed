export { awsFailure, codeForAwsName, fromAwsError, toResolverError } from './aws-errors.js';
export {
  type AccessDenial,
  type AwsFailure,
  type AwsFailureKind,
  actionOf,
  classifyAwsFailure,
  type DenyingDocument,
  readAwsError,
} from './aws-failure.js';
export {
  type AdviceContext,
  adviceFor,
  PARAMETER_BY_NAME_RULE,
} from './aws-failure-advice.js';
export {
  type ClientVault,
  createSecretsManagerClient,
  createSsmClient,
  type SecretsManagerClientOptions,
  type SsmClientOptions,
} from './client.js';
export type {
  ConnectionSource,
  ConnectionValue,
  ResolvedConnection,
  SecretDerivedValue,
} from './connection.js';
export {
  RESOLVER_ERROR_CODES,
  ResolverError,
  type ResolverErrorCode,
  type ResolverErrorOptions,
  TRANSIENT_CODES,
} from './errors.js';
export { DEFAULT_MAX_BATCHES_IN_FLIGHT, MAX_BATCH_SIZE } from './fetcher.js';
export { hintFor } from './hints.js';
export {
  type JsonKeyLookup,
  type JsonKeyOptions,
  type JsonKeySource,
  lookupJsonKey,
} from './json-key.js';
export type {
  ApiAction,
  ApiCallInfo,
  MetricLabels,
  ResolverLogger,
  ResolverMetrics,
} from './metrics.js';
export { readNonJsonErrors } from './non-json-errors.js';
export type { ParameterRef, SecretRef, VaultLocation } from './normalize-reference.js';
export type { ResolverOptions, SecretsManagerClientRequestHandler } from './options.js';
export { MAX_PARAMETER_BATCH_SIZE } from './parameter-fetcher.js';
export {
  createResolver,
  type GetSecretOptions,
  type PrefetchResult,
  type ResolveConnectionOptions,
  type Resolver,
  type ResolverConfig,
  type ResolverVault,
  type SecretFilter,
} from './resolver.js';
export type {
  GetParameterOptions,
  ParameterResult,
  ParameterValue,
  ResolvedValue,
  SecretResult,
  SecretValue,
  VersionSelector,
} from './types.js';
