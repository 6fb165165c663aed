// What is read: the secrets (by ARN and by name prefix), their KMS key, and the account that
// holds them. resolveOptions (options.ts) calls these in turn.
import { parseKmsKeyArn } from '@vaultline/config';
import { parseSecretArn } from '@vaultline/secret-names';
import { PolicyError } from './errors.js';
import { ACCOUNT_ID } from './option-principals.js';
import type { Partition } from './types.js';

/** Secret ARN patterns and the account the ARNs put the secrets in. */
export interface SecretArnResources {
  patterns: string[];
  secretsAccountId: string | undefined;
}

/** The customer managed key and the account it puts the secrets in. */
export interface KmsKeyResource {
  kmsKeyArn: string | undefined;
  secretsAccountId: string | undefined;
}

function agreeAccount(current: string | undefined, next: string, what: string): string {
  if (current !== undefined && current !== next) {
    throw new PolicyError(
      'ACCOUNT_MISMATCH',
      `${what} is in account ${next}, but the secrets are in account ${current}; all secrets and their KMS key must live in one account (generate one document set per account)`,
    );
  }
  return next;
}

/** The secrets' account as given, checked to be 12 digits. */
export function checkSecretsAccount(secretsAccountId: string | undefined): string | undefined {
  if (secretsAccountId !== undefined && !ACCOUNT_ID.test(secretsAccountId)) {
    throw new PolicyError(
      'INVALID_OPTIONS',
      `secretsAccountId must be a 12-digit account id; received '${secretsAccountId}'`,
    );
  }
  return secretsAccountId;
}

/** Resource patterns of secret ARNs, all in the vault's region and in one account. */
export function readSecretArns(
  secretArns: readonly string[] | undefined,
  region: string,
  secretsAccountId: string | undefined,
): SecretArnResources {
  let accountId = secretsAccountId;
  const patterns: string[] = [];
  for (const text of secretArns ?? []) {
    const parsed = parseSecretArn(text);
    if (!parsed.ok)
      throw new PolicyError('INVALID_OPTIONS', `secretArns: ${parsed.error.message}`, {
        cause: parsed.error,
      });
    const arn = parsed.value;
    if (arn.region !== region) {
      throw new PolicyError(
        'REGION_MISMATCH',
        `secret ${text} is in region ${arn.region}, but the vault region is ${region}; vaultline reads secrets only in its configured region (a secret in another region is not found there)`,
      );
    }
    accountId = agreeAccount(accountId, arn.accountId, `secret ${text}`);
    // A partial ARN (no 6-character suffix) matches the full ARN only with a suffix wildcard.
    patterns.push(arn.suffix ? text : `${text}-??????`);
  }
  return { patterns, secretsAccountId: accountId };
}

/** The KMS key of the secrets: a customer managed key (not an alias) in the vault's region. */
export function readKmsKey(
  kmsKeyArn: string | undefined,
  region: string,
  secretsAccountId: string | undefined,
): KmsKeyResource {
  if (kmsKeyArn === undefined) return { kmsKeyArn, secretsAccountId };
  const parsed = parseKmsKeyArn(kmsKeyArn);
  if (!parsed.ok) {
    const code = parsed.problem === 'AWS_MANAGED_KEY' ? 'AWS_MANAGED_KEY' : 'INVALID_OPTIONS';
    throw new PolicyError(code, `kmsKeyArn: ${parsed.message}`);
  }
  const arn = parsed.value;
  if (arn.region !== region) {
    throw new PolicyError(
      'REGION_MISMATCH',
      `KMS key ${kmsKeyArn} is in region ${arn.region}, but the secrets are in ${region}; a secret's key must be in the secret's region`,
    );
  }
  return {
    kmsKeyArn,
    secretsAccountId: agreeAccount(secretsAccountId, arn.accountId, `KMS key ${kmsKeyArn}`),
  };
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>*` for each name prefix. */
export function prefixPatterns(
  prefixes: readonly string[] | undefined,
  partition: Partition,
  region: string,
  scopeAccount: string,
): string[] {
  return (prefixes ?? []).map((prefix) => {
    if (typeof prefix !== 'string' || prefix.length === 0 || /[:*?]/.test(prefix)) {
      throw new PolicyError(
        'INVALID_OPTIONS',
        `secretNamePrefixes entries must be non-empty name prefixes without ':', '*' or '?'; received '${String(prefix)}'`,
      );
    }
    return `arn:${partition}:secretsmanager:${region}:${scopeAccount}:secret:${prefix}*`;
  });
}
