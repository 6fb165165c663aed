import {
  awsServiceHost,
  parameterRegionProblem,
  parseAwsHost,
  partitionOfRegion,
  validateSecretName,
} from '@vaultline/secret-names';
import { findParameterReferences, findSecretReferences } from './connection-references.js';
import { fileModeExposure, modeText } from './file-mode.js';
import type { RawIssue } from './issues.js';
import { parseKmsKeyArn } from './kms-key-arn.js';
import { checkRegion } from './region-check.js';
import { parsePrincipalArn, parseRoleArn } from './role-arn.js';
import type { ConnectionConfig, VaultConfig, VaultlineConfig } from './schema.js';
import { chooseStsEndpoint } from './sts-endpoint.js';
import { isLoopbackHost } from './urls.js';

/** What the rules know besides the config itself. */
export interface RuleContext {
  /** Permission bits of the file the config came from (POSIX only). */
  fileMode?: number;
  filePath?: string;
  /** False when the secret access key came from the environment rather than the file. */
  secretAccessKeyInFile?: boolean;
  /**
   * Accept a secret access key in a file every user can read, with a warning instead of an
   * error (VAULTLINE_ALLOW_WORLD_READABLE_CONFIG=1). A file others can write is refused
   * regardless.
   */
  allowWorldReadable?: boolean;
}

export interface RuleFindings {
  errors: RawIssue[];
  warnings: RawIssue[];
}

/**
 * The account whose secrets are referenced by name: `vault.accountId` when set, else the
 * account of the last role vaultline assumes. Undefined when neither is known.
 *
 * @example
 * vaultAccountId({ authType: 'role-based', iamRole: 'arn:aws:iam::111122223333:role/a', ... }); // '111122223333'
 */
export function vaultAccountId(vault: VaultConfig): string | undefined {
  if (vault.accountId) return vault.accountId;
  return assumedRoleAccountId(vault);
}

function assumedRoleAccountId(vault: VaultConfig): string | undefined {
  if (vault.authType !== 'role-based') return undefined;
  const last = vault.roleChain?.at(-1)?.roleArn ?? vault.iamRole;
  const parsed = parseRoleArn(last);
  return parsed.ok ? parsed.value.accountId : undefined;
}

/**
 * The cross-field rules: checks that need more than one field, and the warnings that flag
 * settings AWS accepts but that are likely mistakes. `config` has passed the schema.
 */
export function checkRules(config: VaultlineConfig, context: RuleContext = {}): RuleFindings {
  const findings: RuleFindings = { errors: [], warnings: [] };
  checkRegionRules(config.vault, findings);
  checkEndpoint(config.vault, findings);
  checkKmsKeys(config.vault, findings);
  if (config.vault.authType === 'role-based') checkRoleBased(config.vault, findings);
  if (config.vault.authType === 'access-key') checkAccessKey(config.vault, context, findings);
  checkReferences(config, findings);
  return findings;
}

function checkRegionRules(vault: VaultConfig, findings: RuleFindings): void {
  const region = checkRegion(vault.region);
  if (region.kind === 'unknown-code') {
    const hint = region.suggestion ? ` Did you mean ${region.suggestion}?` : '';
    findings.warnings.push({
      segments: ['vault', 'region'],
      message: `'${vault.region}' is not a region in the AWS SDK data this vaultline was built with: check the spelling, or ignore this for a region newer than this release.${hint}`,
    });
  }
  if (vault.instanceMetadata && vault.authType === 'access-key') {
    findings.warnings.push({
      segments: ['vault', 'instanceMetadata'],
      message:
        'has no effect with authType access-key, which never calls the instance metadata service',
    });
  }
}

function checkEndpoint(vault: VaultConfig, findings: RuleFindings): void {
  if (!vault.endpoint) return;
  const url = new URL(vault.endpoint);
  if (isLoopbackHost(url.hostname)) return;
  const host = parseAwsHost(url.hostname);
  if (!host) return; // a private DNS name for a VPC endpoint, a proxy: nothing to compare
  if (host.service !== 'secretsmanager') {
    findings.warnings.push({
      segments: ['vault', 'endpoint'],
      message: `${url.hostname} is an endpoint of ${host.service}, not of Secrets Manager (expected ${awsServiceHost('secretsmanager', vault.region)})`,
    });
  } else if (host.region && host.region !== vault.region) {
    findings.warnings.push({
      segments: ['vault', 'endpoint'],
      message: `${url.hostname} is in ${host.region} but vault.region is ${vault.region}: requests would be signed for the wrong region`,
    });
  }
}

function checkKmsKeys(vault: VaultConfig, findings: RuleFindings): void {
  for (const [index, text] of (vault.kmsKeyArns ?? []).entries()) {
    const parsed = parseKmsKeyArn(text);
    if (parsed.ok && parsed.value.region !== vault.region) {
      findings.errors.push({
        segments: ['vault', 'kmsKeyArns', index],
        message: `the key is in ${parsed.value.region} but vault.region is ${vault.region}: a secret's key is in the secret's region; give the key of the secrets in ${vault.region}`,
      });
    }
  }
}

type RoleBasedVault = Extract<VaultConfig, { authType: 'role-based' }>;

function checkRoleBased(vault: RoleBasedVault, findings: RuleFindings): void {
  const roles: Array<{ arn: string; segments: PropertyKey[] }> = [
    { arn: vault.iamRole, segments: ['vault', 'iamRole'] },
    ...(vault.roleChain ?? []).map((link, index) => ({
      arn: link.roleArn,
      segments: ['vault', 'roleChain', index, 'roleArn'] as PropertyKey[],
    })),
  ];
  for (const role of roles) {
    const parsed = parseRoleArn(role.arn);
    checkPartition(parsed, role.segments, 'role', vault.region, findings);
  }
  if (vault.sourcePrincipalArn) {
    const parsed = parsePrincipalArn(vault.sourcePrincipalArn);
    const kind = parsed.ok ? parsed.value.kind : 'role';
    checkPartition(parsed, ['vault', 'sourcePrincipalArn'], kind, vault.region, findings);
  }
  checkStsEndpoint(vault, findings);
  checkDuration(vault, findings);
  checkAccount(vault, findings);
}

function checkPartition(
  parsed: ReturnType<typeof parseRoleArn>,
  segments: PropertyKey[],
  kind: string,
  region: string,
  findings: RuleFindings,
): void {
  const regionPartition = partitionOfRegion(region)?.id;
  if (parsed.ok && regionPartition && parsed.value.partition !== regionPartition) {
    findings.errors.push({
      segments,
      message: `the ${kind} is in partition ${parsed.value.partition} but vault.region ${region} is in ${regionPartition}: a ${kind} can only be used in its own partition`,
    });
  }
}

function checkStsEndpoint(vault: RoleBasedVault, findings: RuleFindings): void {
  // The run time's own rule (chooseStsEndpoint): what fails there is an error here, in its words.
  const chosen = chooseStsEndpoint(vault);
  if (!chosen.ok) {
    findings.errors.push({
      segments: ['vault', chosen.problem.field],
      message: chosen.problem.message,
    });
    return;
  }
  if (vault.stsEndpoint && chosen.value.kind === 'custom') {
    const url = new URL(vault.stsEndpoint);
    if (!isLoopbackHost(url.hostname)) {
      findings.warnings.push({
        segments: ['vault', 'stsEndpoint'],
        message: `${url.hostname} is not an AWS STS host; AssumeRole calls go to STS, signed for ${chosen.value.signingRegion}. Did you mean https://${awsServiceHost('sts', vault.stsEndpointRegion ?? vault.region)}?`,
      });
    }
  } else if (!vault.stsEndpoint && vault.stsEndpointRegion) {
    findings.warnings.push({
      segments: ['vault', 'stsEndpointRegion'],
      message:
        'is set but stsEndpoint is not: stsEndpointRegion only applies to a custom stsEndpoint; set stsEndpoint or remove stsEndpointRegion',
    });
  }
}

function checkDuration(vault: RoleBasedVault, findings: RuleFindings): void {
  if (vault.durationSeconds <= 3600) return;
  const chained = (vault.roleChain?.length ?? 0) > 0;
  // Instance-profile credentials are a role session: AssumeRole with them is role chaining.
  if (chained || vault.sourceCredentials === 'instance-profile') {
    findings.errors.push({
      segments: ['vault', 'durationSeconds'],
      message: `is ${vault.durationSeconds}, but AWS caps role-chained sessions at 3600 seconds and refuses a longer DurationSeconds: ${chained ? 'the roles in roleChain are' : 'with sourceCredentials instance-profile, iamRole is'} assumed with role credentials; set durationSeconds to 3600 or less`,
    });
  } else {
    findings.warnings.push({
      segments: ['vault', 'durationSeconds'],
      message: `is ${vault.durationSeconds}: if the default-chain credentials are themselves a role session (SSO, a CI role), AWS caps the session at 3600 seconds and refuses a longer DurationSeconds`,
    });
  }
}

function checkAccount(vault: RoleBasedVault, findings: RuleFindings): void {
  const roleAccount = assumedRoleAccountId(vault);
  if (vault.accountId && roleAccount && vault.accountId !== roleAccount) {
    findings.warnings.push({
      segments: ['vault', 'accountId'],
      message: `is ${vault.accountId} but the role vaultline ends up with is in account ${roleAccount}, where secrets referenced by name are looked up`,
    });
  }
}

function checkAccessKey(
  vault: Extract<VaultConfig, { authType: 'access-key' }>,
  context: RuleContext,
  findings: RuleFindings,
): void {
  if (vault.accessKeyId.startsWith('ASIA') && !vault.sessionToken) {
    findings.warnings.push({
      segments: ['vault', 'accessKeyId'],
      message:
        'is a temporary (ASIA…) key, which AWS accepts only with its sessionToken: add vault.sessionToken',
    });
  }
  if (vault.accessKeyId.startsWith('AKIA') && vault.sessionToken) {
    findings.warnings.push({
      segments: ['vault', 'sessionToken'],
      message:
        'is set, but AKIA… keys are long-term and take no session token: AWS will reject the pair',
    });
  }
  const mode = context.fileMode;
  if (context.secretAccessKeyInFile === false || mode === undefined) return;
  const exposure = fileModeExposure(mode);
  if (exposure === 'owner-only') return;
  // As ssh's StrictModes: a key others can change or read is refused, not just noted.
  const file = context.filePath ?? 'the config file';
  const octal = modeText(mode);
  const fix = `run chmod 600 ${file}, or pass the key in VAULTLINE_SECRET_ACCESS_KEY instead`;
  const segments = ['vault', 'secretAccessKey'];
  if (exposure === 'others-can-write') {
    findings.errors.push({
      segments,
      message: `is stored in ${file}, which group or others can write (mode ${octal}): ${fix}`,
    });
  } else if (exposure === 'everyone-can-read' && !context.allowWorldReadable) {
    findings.errors.push({
      segments,
      message: `is stored in ${file}, which every user can read (mode ${octal}): ${fix} (VAULTLINE_ALLOW_WORLD_READABLE_CONFIG=1 accepts it, with a warning)`,
    });
  } else {
    findings.warnings.push({
      segments,
      message: `is stored in ${file}, which group or others can read (mode ${octal}): ${fix}`,
    });
  }
}

/**
 * A parameter ARN in another region than the vault's fails every read before any AWS call, so
 * validate refuses it with the resolver's own message (one rule, in secret-names).
 */
function checkParameterRegions(
  name: string,
  connection: ConnectionConfig,
  region: string,
  findings: RuleFindings,
): void {
  for (const found of findParameterReferences(connection)) {
    const problem = parameterRegionProblem(found.reference, region);
    if (!problem) continue;
    const segments: PropertyKey[] =
      found.form === 'object'
        ? ['connections', name, found.property, 'parameter']
        : ['connections', name, found.property];
    findings.errors.push({ segments, message: problem });
  }
}

function checkReferences(config: VaultlineConfig, findings: RuleFindings): void {
  const vault = config.vault;
  const account = vaultAccountId(vault);
  const vaultPartition = partitionOfRegion(vault.region)?.id;
  for (const [name, connection] of Object.entries(config.connections)) {
    checkParameterRegions(name, connection, vault.region, findings);
    for (const found of findSecretReferences(connection)) {
      const segments: PropertyKey[] =
        found.form === 'object'
          ? ['connections', name, found.property, 'secret']
          : ['connections', name, found.property];
      const arn = found.reference.arn;
      if (!arn) {
        for (const warning of validateSecretName(found.reference.secretId).warnings) {
          findings.warnings.push({
            segments,
            message: `secret '${found.reference.secretId}': ${warning.message}`,
          });
        }
        continue;
      }
      const arnPartition = partitionOfRegion(arn.region)?.id;
      if (arnPartition && arnPartition !== arn.partition) {
        findings.errors.push({
          segments,
          message: `the secret ARN says partition ${arn.partition} but its region ${arn.region} is in ${arnPartition}`,
        });
      }
      if (arn.region !== vault.region) {
        findings.errors.push({
          segments,
          message: `the secret is in ${arn.region} but vault.region is ${vault.region}: vaultline reads secrets from ${vault.region} only; reference a secret in ${vault.region}, or change vault.region`,
        });
      } else if (vaultPartition && arn.partition !== vaultPartition) {
        findings.errors.push({
          segments,
          message: `the secret is in partition ${arn.partition} but vault.region ${vault.region} is in ${vaultPartition}`,
        });
      }
      if (account === undefined) {
        if (!arn.suffix) {
          findings.warnings.push({
            segments,
            message: `cannot tell whether account ${arn.accountId} is the vault's own: set vault.accountId. A secret in another account must be referenced by its full ARN (with the 6-character suffix)`,
          });
        }
      } else if (arn.accountId !== account && !arn.suffix) {
        findings.errors.push({
          segments,
          message: `the secret is in account ${arn.accountId}, not the vault's account ${account}: reference a secret in another account by its full ARN, including the 6-character suffix AWS adds to the name (…:secret:${arn.name}-AbCdEf)`,
        });
      }
    }
  }
}
