import {
  type ConnectionConfig,
  findParameterReferences,
  findSecretReferences,
} from '@vaultline/config';
import { policyOptionsFromConfig } from './options.js';
import type { PolicyOptions } from './types.js';

/** What a config does not say and a caller may: the `vaultline policy` and `init` flags. */
export interface PolicyFlags {
  secretArn?: string[] | undefined;
  secretPrefix?: string[] | undefined;
  kmsKeyArn?: string | undefined;
  instanceRoleArn?: string | undefined;
  secretsAccountId?: string | undefined;
  agentAccountId?: string | undefined;
}

/** The parts of a `@vaultline/config` config the policies depend on. */
export interface PolicyConfig {
  vault: {
    authType: string;
    region: string;
    iamRole?: string | undefined;
    externalId?: string | undefined;
    accountId?: string | undefined;
    sourceCredentials?: string | undefined;
    sourcePrincipalArn?: string | undefined;
    kmsKeyArns?: string[] | undefined;
  };
  connections?: Record<string, ConnectionConfig> | undefined;
}

/**
 * The policy options for a whole config: its vault (region, auth type, role, external id),
 * the secrets its connections reference (ARNs as ARNs, names as name prefixes) unless the
 * flags name secrets, the Parameter Store parameters they reference, and the flags for what
 * a config does not say.
 *
 * @example
 * policyOptionsForConfig(config, { kmsKeyArn: 'arn:aws:kms:us-east-2:111122223333:key/…' });
 */
export function policyOptionsForConfig(
  config: PolicyConfig,
  flags: PolicyFlags = {},
): PolicyOptions {
  const arns = new Set<string>(flags.secretArn ?? []);
  const prefixes = new Set<string>(flags.secretPrefix ?? []);
  if (arns.size === 0 && prefixes.size === 0) {
    for (const connection of Object.values(config.connections ?? {})) {
      for (const { reference } of findSecretReferences(connection)) {
        if (reference.arn) arns.add(reference.secretId);
        else prefixes.add(reference.secretId);
      }
    }
  }
  const parameters = new Set<string>();
  for (const connection of Object.values(config.connections ?? {})) {
    for (const { reference } of findParameterReferences(connection)) {
      parameters.add(reference.parameterId);
    }
  }
  const { vault } = config;
  const agentAccountId = flags.agentAccountId ?? vault.accountId;
  return policyOptionsFromConfig(
    {
      authType: vault.authType,
      region: vault.region,
      ...(vault.iamRole !== undefined ? { iamRole: vault.iamRole } : {}),
      ...(vault.externalId !== undefined ? { externalId: vault.externalId } : {}),
    },
    {
      ...(arns.size > 0 ? { secretArns: [...arns] } : {}),
      ...(prefixes.size > 0 ? { secretNamePrefixes: [...prefixes] } : {}),
      ...keptInConfig(vault, flags),
      ...(flags.secretsAccountId ? { secretsAccountId: flags.secretsAccountId } : {}),
      ...(agentAccountId ? { agentAccountId } : {}),
      ...(parameters.size > 0 ? { parameters: [...parameters] } : {}),
    },
  );
}

/**
 * The KMS key and the source principal: the flags, else what the config keeps
 * (`vault.kmsKeyArns`, `vault.sourcePrincipalArn`). A source role of instance-profile
 * credentials is the instance role; any other source (an IAM user, an SSO or CI role) is
 * trusted as the source principal.
 */
function keptInConfig(vault: PolicyConfig['vault'], flags: PolicyFlags): Partial<PolicyOptions> {
  const kmsKeyArn = flags.kmsKeyArn ?? vault.kmsKeyArns?.[0];
  const kept: Partial<PolicyOptions> = kmsKeyArn ? { kmsKeyArn } : {};
  if (flags.instanceRoleArn) return { ...kept, instanceRoleArn: flags.instanceRoleArn };
  const source = vault.sourcePrincipalArn;
  if (!source) return kept;
  const instanceRole = vault.sourceCredentials !== 'default-chain' && /:role\//.test(source);
  return instanceRole
    ? { ...kept, instanceRoleArn: source }
    : { ...kept, sourcePrincipalArn: source };
}
