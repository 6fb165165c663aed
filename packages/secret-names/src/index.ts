export {
  type ArnFields,
  type AwsArn,
  formatSecretArn,
  isFullSecretArn,
  isSecretArn,
  parseArn,
  parseSecretArn,
  SECRET_ARN_PARTITIONS,
  type SecretArn,
  type SecretArnPartition,
  secretNameOf,
  splitArn,
} from './arn.js';
export {
  type AwsHost,
  awsServiceHost,
  parseAwsHost,
} from './aws-hosts.js';
export {
  type AwsPartition,
  type AwsPartitionId,
  type AwsRegion,
  dnsSuffixOfRegion,
  findAwsPartition,
  findAwsRegion,
  isAwsPartitionId,
  isRegionCode,
  listAwsPartitions,
  listAwsRegions,
  partitionOfRegion,
  REGION_CODE_PATTERN,
} from './aws-regions.js';
export { assertOk, type ParseResult, SecretNameError, type SecretNameErrorCode } from './errors.js';
export { MAX_SECRET_NAME_LENGTH, SECRET_NAME_SPECIAL_CHARACTERS } from './name-rules.js';
export {
  isValidParameterName,
  MAX_PARAMETER_ARN_LENGTH,
  MAX_PARAMETER_HIERARCHY_LEVELS,
  maxParameterNameLength,
  PARAMETER_NAME_SPECIAL_CHARACTERS,
  type ParameterNameOptions,
  type ParameterNameValidation,
  type ParameterNameViolation,
  type ParameterNameViolationCode,
  PUBLIC_PARAMETER_PREFIX,
  SECRETS_MANAGER_REFERENCE_PREFIX,
  validateParameterName,
} from './parameter-names.js';
export {
  AWS_MANAGED_PARAMETER_KEY_RULE,
  CROSS_ACCOUNT_PARAMETER_RULE,
  crossAccountParameterNote,
  formatParameterArn,
  formatParameterReference,
  labelProblem,
  type ParameterArn,
  type ParameterReference,
  parameterRegionProblem,
  parseParameterArn,
  parseParameterReference,
} from './parameter-reference.js';
export {
  createRedactor,
  MIN_REDACTED_LENGTH,
  REDACTED,
  redactSecrets,
  SECRET_FIELD_NAMES,
  type SecretRedactor,
} from './redact.js';
export { type SecretForm, secretForms } from './secret-forms.js';
export {
  formatSecretReference,
  parseSecretReference,
  type SecretReference,
} from './secret-reference.js';
export { createMasker, MASK, type Masker, MIN_MASK_LENGTH } from './stream-masker.js';
export { suggestSecretName } from './suggest-name.js';
export {
  isValidSecretName,
  type NameValidation,
  type NameViolation,
  type NameWarning,
  validateSecretName,
} from './validate-name.js';
