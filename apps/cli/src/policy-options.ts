import type { VaultlineConfig } from '@vaultline/config';
import type { PolicyOptions } from '@vaultline/policies';
import { loadConfigModule, loadPoliciesModule } from './lazy.js';

/** What `policy` and `init` take on the command line besides the config. */
export interface PolicyFlags {
  secretArn?: string[];
  secretPrefix?: string[];
  kmsKeyArn?: string;
  instanceRoleArn?: string;
  secretsAccountId?: string;
  agentAccountId?: string;
}

/**
 * The @vaultline/policies options for a config: its vault (region, auth type, role,
 * external id), the secrets its connections reference (ARNs as ARNs, names as name
 * prefixes) unless flags name them, and the flags for what a config does not say.
 *
 * @example
 * await policyOptionsFor(config, { kmsKeyArn: 'arn:aws:kms:us-east-2:111122223333:key/…' });
 */
export async function policyOptionsFor(
  config: Pick<VaultlineConfig, 'vault' | 'connections'>,
  flags: PolicyFlags,
): Promise<PolicyOptions> {
  const [{ findSecretReferences }, { policyOptionsFromConfig }] = await Promise.all([
    loadConfigModule(),
    loadPoliciesModule(),
  ]);
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
  const vault = config.vault as {
    authType: string;
    region: string;
    iamRole?: string;
    externalId?: string;
    accountId?: string;
  };
  return policyOptionsFromConfig(vault, {
    ...(arns.size > 0 ? { secretArns: [...arns] } : {}),
    ...(prefixes.size > 0 ? { secretNamePrefixes: [...prefixes] } : {}),
    ...(flags.kmsKeyArn ? { kmsKeyArn: flags.kmsKeyArn } : {}),
    ...(flags.instanceRoleArn ? { instanceRoleArn: flags.instanceRoleArn } : {}),
    ...(flags.secretsAccountId ? { secretsAccountId: flags.secretsAccountId } : {}),
    ...((flags.agentAccountId ?? vault.accountId)
      ? { agentAccountId: flags.agentAccountId ?? vault.accountId }
      : {}),
  });
}
