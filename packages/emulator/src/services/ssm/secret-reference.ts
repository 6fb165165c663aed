// Parameter Store's window on Secrets Manager: GetParameter(s) of
// `/aws/reference/secretsmanager/<secret-id>[:<stage or version id>]`, read with the caller's
// own secretsmanager:GetSecretValue (and kms:Decrypt) rights. AWS's answers and words, as
// measured against AWS by floci's SsmSecretsManagerReference*IntegrationTest (eu-west-1,
// 2026-09-28) and as moto's ssm tests record the WithDecryption refusal.
import { AwsWireError } from '../../http/wire-error.js';
import { requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';
import { readSecretValue } from '../secretsmanager/read.js';
import { validation } from './common.js';

export const SECRET_REFERENCE_PREFIX = '/aws/reference/secretsmanager/';

const BAD_SELECTOR =
  'Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>';
const NEEDS_DECRYPTION = 'WithDecryption flag must be True for retrieving a Secret Manager secret.';
const DEPENDENCY_FAILED = 'An error occurred while calling one AWS dependency service.';
const VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;

/** True when a GetParameter(s) Name reads a Secrets Manager secret. */
export const isSecretReference = (name: string): boolean =>
  name.startsWith(SECRET_REFERENCE_PREFIX);

/**
 * A secret read through Parameter Store, as a SecureString-like parameter: `Version` 0, the
 * secret's ARN, its value (none for a binary secret) and `SourceResult`, Secrets Manager's
 * answer as JSON. Throws AWS's errors: a malformed selector, then a missing WithDecryption
 * (both before any check of the caller), then ssm:GetParameter(s) on the reference's ARN,
 * then the secret read, whose refusal AWS reports only as a failed dependency.
 */
export function readSecretReference(
  ctx: CallContext,
  name: string,
  options: { action: 'ssm:GetParameter' | 'ssm:GetParameters'; withDecryption: boolean },
): Record<string, unknown> {
  const [secretId = '', selector, ...extra] = name.slice(SECRET_REFERENCE_PREFIX.length).split(':');
  if (extra.length > 0 || selector === '' || secretId === '') throw validation(BAD_SELECTOR);
  if (!options.withDecryption) throw validation(NEEDS_DECRYPTION);
  const accountId = ctx.caller.principal.accountId;
  requireAllowed(ctx, {
    action: options.action,
    resource: ctx.world.parameters.arnOf(
      accountId,
      ctx.region,
      `${SECRET_REFERENCE_PREFIX}${secretId}`,
    ),
    resourceAccountId: accountId,
  });
  const byId = selector !== undefined && VERSION_ID.test(selector);
  const value = readThroughSecretsManager(ctx, secretId, selector, byId);
  return {
    Name: `${SECRET_REFERENCE_PREFIX}${secretId}`,
    Type: 'SecureString',
    ...(typeof value.SecretString === 'string' ? { Value: value.SecretString } : {}),
    Version: 0,
    ...(selector === undefined ? {} : { Selector: `:${selector}` }),
    SourceResult: sourceResult(value),
    LastModifiedDate: value.CreatedDate,
    ARN: value.ARN,
  };
}

/** Secrets Manager's answer in Parameter Store's words: its refusals are not passed on. */
function readThroughSecretsManager(
  ctx: CallContext,
  secretId: string,
  selector: string | undefined,
  byId: boolean,
): Record<string, unknown> {
  try {
    return readSecretValue(ctx, secretId, byId ? selector : undefined, byId ? undefined : selector);
  } catch (error) {
    if (!(error instanceof AwsWireError)) throw error;
    const why = `Secrets Manager answered ${error.code}: ${error.message}`;
    if (error.code === 'ResourceNotFoundException') {
      throw new AwsWireError(
        'ParameterNotFound',
        `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${SECRET_REFERENCE_PREFIX.slice(1)}${secretId}${selector === undefined ? 'null' : `:${selector}`} not found.`,
        400,
        why,
      );
    }
    if (error.code === 'InvalidRequestException') {
      throw new AwsWireError('ValidationException', 'Invalid Request to Secrets Manager', 400, why);
    }
    throw new AwsWireError('ValidationException', DEPENDENCY_FAILED, 400, why);
  }
}

/** Secrets Manager's answer as Parameter Store passes it on, in its own key order and case. */
function sourceResult(value: Record<string, unknown>): string {
  const created = typeof value.CreatedDate === 'number' ? value.CreatedDate : 0;
  return JSON.stringify({
    ARN: value.ARN,
    name: value.Name,
    versionId: value.VersionId,
    ...(typeof value.SecretBinary === 'string' ? { secretBinary: value.SecretBinary } : {}),
    ...(typeof value.SecretString === 'string' ? { secretString: value.SecretString } : {}),
    versionStages: value.VersionStages,
    createdDate: new Date(created * 1000).toISOString(),
  });
}
