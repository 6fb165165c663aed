import { type ConnectionConfig, findSecretReferences } from '@vaultline/config';
import { formatSecretArn, formatSecretReference } from '@vaultline/secret-names';
import type { DiagnoseFix } from './types.js';

interface RawConfig {
  vault?: { region?: unknown; kmsKeyArns?: unknown };
  connections?: Record<string, unknown>;
}

/**
 * For a config refused because a connection references a secret (by full ARN) in another
 * region than vault.region: replicate each such secret into vault.region (with the key of
 * vault.kmsKeyArns in that account and region, which another account needs) and reference
 * the replica, whose ARN differs only by its region. Undefined when there is none.
 *
 * @example
 * otherRegionFix(rawConfig)?.command; // 'aws secretsmanager replicate-secret-to-regions --secret-id arn:… --add-replica-regions Region=us-east-2 --region us-west-2'
 */
export function otherRegionFix(config: unknown): DiagnoseFix | undefined {
  const raw = (config ?? {}) as RawConfig;
  const region = raw.vault?.region;
  if (typeof region !== 'string') return undefined;
  const keys = Array.isArray(raw.vault?.kmsKeyArns) ? (raw.vault.kmsKeyArns as string[]) : [];
  const fixes = new Map<string, DiagnoseFix>();
  for (const connection of Object.values(raw.connections ?? {})) {
    if (typeof connection !== 'object' || connection === null) continue;
    let found: ReturnType<typeof findSecretReferences>;
    try {
      found = findSecretReferences(connection as ConnectionConfig);
    } catch {
      continue;
    }
    for (const { reference, raw: written } of found) {
      const arn = reference.arn;
      if (!arn?.suffix || arn.region === region) continue;
      const key = keys.find((k) => k.split(':')[4] === arn.accountId && k.split(':')[3] === region);
      const command = `aws secretsmanager replicate-secret-to-regions --secret-id ${reference.secretId} --add-replica-regions Region=${region}${key ? `,KmsKeyId=${key}` : ''} --region ${arn.region}`;
      fixes.set(command, { action: 'run-command', command });
      const replica = formatSecretArn({ ...arn, region });
      const replacement = formatSecretReference({ ...reference, secretId: replica });
      fixes.set(written, { action: 'replace-reference', reference: written, replacement });
    }
  }
  const [first, ...rest] = fixes.values();
  if (!first) return undefined;
  return rest.length > 0 ? { ...first, also: rest } : first;
}
