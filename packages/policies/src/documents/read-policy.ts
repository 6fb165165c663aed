import type { ResolvedOptions } from '../options.js';
import { parameterStoreServiceName, secretsManagerServiceName } from '../options.js';
import type { PolicyStatement } from '../types.js';
import { ACCOUNT_LEVEL_ACTIONS, oneOrMany, SECRET_READ_ACTIONS } from './_shared.js';

/** Statements and notes of the minimum read policy (used by read-policy and instance-profile-policy). */
export interface ReadStatements {
  statements: PolicyStatement[];
  notes: Record<string, string>;
}

/**
 * The minimum read statements. Across accounts the per-secret reads and the key move to the
 * agent-cross-account-policy, so the same permission never comes from two documents.
 */
export function readStatements(options: ResolvedOptions, prefix: string): ReadStatements {
  const statements: PolicyStatement[] = [];
  const notes: Record<string, string> = {};
  const readSid = `${prefix}ReadSecrets`;
  const listSid = `${prefix}ListSecrets`;
  const keySid = `${prefix}DecryptWithSecretsKey`;
  if (!options.crossAccount) {
    statements.push({
      Sid: readSid,
      Effect: 'Allow',
      Action: SECRET_READ_ACTIONS,
      Resource: oneOrMany(options.secretResources),
    });
    notes[readSid] =
      options.secretResources[0] === '*'
        ? 'Read and describe any secret of the account (give secret ARNs or name prefixes to narrow it).'
        : 'Read and describe only the listed secrets.';
  }
  statements.push({ Sid: listSid, Effect: 'Allow', Action: ACCOUNT_LEVEL_ACTIONS, Resource: '*' });
  notes[listSid] =
    'List secrets and read up to 20 in one BatchGetSecretValue call; these actions take no secret ARN, and a batch read still needs GetSecretValue on each secret.';
  if (!options.crossAccount && options.kmsKeyArn) {
    statements.push({
      Sid: keySid,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: options.kmsKeyArn,
      Condition: {
        StringEquals: {
          'kms:ViaService': secretsManagerServiceName(options.region, options.partition),
        },
      },
    });
    notes[keySid] =
      "Decrypt the secrets' customer managed key, only through Secrets Manager (needed when the key policy delegates to IAM by granting the account root).";
  }
  parameterStatements(options, prefix, { statements, notes });
  return { statements, notes };
}

/**
 * Parameter Store reads, when the config references parameters: GetParameter(s) on them, and
 * kms:Decrypt only through Parameter Store for SecureString under a customer managed key (the
 * AWS managed key aws/ssm grants that through its key policy).
 */
function parameterStatements(options: ResolvedOptions, prefix: string, into: ReadStatements): void {
  const resources = options.parameterResources;
  if (!resources) return;
  const readSid = `${prefix}ReadParameters`;
  const keySid = `${prefix}DecryptParametersThroughParameterStore`;
  into.statements.push({
    Sid: readSid,
    Effect: 'Allow',
    Action: ['ssm:GetParameter', 'ssm:GetParameters'],
    Resource: oneOrMany(resources),
  });
  into.notes[readSid] =
    'Read the referenced Parameter Store parameters (GetParameters reads up to 10 in one call).';
  into.statements.push({
    Sid: keySid,
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: `arn:${options.partition}:kms:${options.region}:${options.agentAccountId ?? '*'}:key/*`,
    Condition: {
      StringEquals: {
        'kms:ViaService': parameterStoreServiceName(options.region, options.partition),
      },
    },
  });
  into.notes[keySid] =
    'Decrypt SecureString parameters, only through Parameter Store (needed for a customer managed key; the AWS managed key aws/ssm allows it through its key policy).';
}
