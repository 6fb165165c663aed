// AWS partitions, regions and hosts, and redaction, live in @vaultline/secret-names
// (aws-regions.ts, aws-hosts.ts, redact.ts); re-exported for config's consumers, and for
// auth, which depends on config.
export {
  type AwsHost,
  type AwsPartition,
  type AwsRegion,
  awsServiceHost,
  findAwsRegion,
  listAwsRegions,
  parseAwsHost,
  partitionOfRegion,
  REDACTED,
  redactSecrets,
} from '@vaultline/secret-names';
export {
  type EnvNaming,
  envName,
  findCollisions,
  type NameCollision,
  type NamedVariable,
  nameConnection,
} from './connection-env-names.js';
export {
  type FoundParameterReference,
  type FoundSecretReference,
  findParameterReferences,
  findSecretReferences,
} from './connection-references.js';
export { ENVIRONMENT_OVERRIDES, type EnvironmentOverride } from './env.js';
export { ConfigError, type ConfigErrorCode, safeString, toConfigError } from './errors.js';
export {
  checkConnectionName,
  checkConnectionProperty,
  checkVaultField,
  type FieldCheck,
} from './field-check.js';
export { fileModeExposure, modeText } from './file-mode.js';
export { type ConfigIssue, formatIssue, formatPath } from './issues.js';
export { createJsonSchema, JSON_SCHEMA_ID } from './json-schema.js';
export {
  type KmsKeyArn,
  type KmsKeyArnProblem,
  type KmsKeyArnResult,
  parseKmsKeyArn,
} from './kms-key-arn.js';
export {
  DEFAULT_CONFIG_FILES,
  type LoadConfigOptions,
  type LoadConfigResult,
  type LoadedConfig,
  loadConfig,
  loadConfigOrThrow,
  parseConfigText,
  resolveConfigPath,
} from './load.js';
export { type ParseConfigOptions, type ParseConfigResult, parseConfig } from './parse.js';
export { redactConfig } from './redact.js';
export { suggestRegion } from './region-check.js';
export {
  type PrincipalArn,
  type PrincipalArnResult,
  parsePrincipalArn,
  parseRoleArn,
  type RoleArn,
  type RoleArnResult,
} from './role-arn.js';
export { checkRules, type RuleContext, type RuleFindings, vaultAccountId } from './rules.js';
export {
  type AccessKeyVault,
  AUTH_TYPES,
  type AuthType,
  accessKeyVaultSchema,
  type CacheConfig,
  type ConnectionConfig,
  type ConnectionEnv,
  type ConnectionProperty,
  connectionConfigSchema,
  connectionEnvSchema,
  type DefaultChainVault,
  defaultChainVaultSchema,
  type InstanceMetadataConfig,
  type InstanceProfileVault,
  instanceProfileVaultSchema,
  type RoleBasedVault,
  type RoleChainLink,
  roleBasedVaultSchema,
  type VaultConfig,
  type VaultlineConfig,
  type VaultlineConfigInput,
  vaultConfigSchema,
  vaultlineConfigSchema,
} from './schema.js';
export {
  type InterpolationResult,
  parseInterpolatedValue,
  type ValueSegment,
} from './secret-placeholders.js';
export {
  chooseStsEndpoint,
  defaultStsEndpoint,
  type ExplainedStsEndpoint,
  type ExplainedStsEndpointResult,
  explainStsEndpoint,
  GLOBAL_STS_ENDPOINT,
  GLOBAL_STS_SIGNING_REGION,
  type StsEndpoint,
  type StsEndpointProblem,
  type StsEndpointReason,
  type StsEndpointResult,
  type StsSettings,
} from './sts-endpoint.js';
export { isLoopbackAddress, isLoopbackHost } from './urls.js';
