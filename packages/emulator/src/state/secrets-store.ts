import { formatSecretArn, parseSecretArn } from '@vaultline/secret-names';
import type { PolicyDocument } from '../iam/types.js';
import { newSecretSuffix } from './ids.js';
import { RegionalScopes } from './regional-scopes.js';

/** One version of a secret. */
export interface SecretVersion {
  versionId: string;
  secretString?: string;
  secretBinary?: Buffer;
  createdDate: Date;
  stages: Set<string>;
}

/** A secret's rotation configuration, as RotateSecret (or the scenario) sets it. */
export interface RotationConfig {
  /** False after CancelRotateSecret; the rules stay, as on AWS. */
  enabled: boolean;
  lambdaArn?: string;
  automaticallyAfterDays?: number;
  /** `rate(N days)` or `rate(N hours)`. */
  scheduleExpression?: string;
  /** Rotation window, e.g. `3h`. */
  duration?: string;
  /** When rotation was (last) turned on: the schedule counts from here until a rotation. */
  since: Date;
}

/** A secret held by the emulator. */
export interface SecretRecord {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  description?: string;
  /** The key reference as given (id, alias or ARN); undefined means aws/secretsmanager. */
  kmsKeyId?: string;
  tags: Record<string, string>;
  resourcePolicy?: PolicyDocument;
  createdDate: Date;
  lastChangedDate: Date;
  lastAccessedDate?: Date;
  deletedDate?: Date;
  /** When a scheduled deletion becomes final. */
  deletionDate?: Date;
  /** The resource policy as the caller wrote it. */
  resourcePolicyText?: string;
  versions: Map<string, SecretVersion>;
  rotation?: RotationConfig;
  lastRotatedDate?: Date;
  /** Values the next emulated rotations take, in order (from the scenario); then generated. */
  rotationValues?: string[];
}

/** Secrets, kept apart per account and region as on AWS. */
export class SecretsStore {
  private readonly scopes = new RegionalScopes<SecretRecord>();

  private scope(accountId: string, region: string): Map<string, SecretRecord> {
    return this.scopes.of(accountId, region);
  }

  /** Adds a new secret (no versions yet) and returns it. */
  create(input: {
    name: string;
    accountId: string;
    region: string;
    description?: string;
    kmsKeyId?: string;
    tags?: Record<string, string>;
    resourcePolicy?: PolicyDocument;
  }): SecretRecord {
    const now = new Date();
    const record: SecretRecord = {
      arn: formatSecretArn({
        partition: 'aws',
        region: input.region,
        accountId: input.accountId,
        name: input.name,
        suffix: newSecretSuffix(),
      }),
      name: input.name,
      accountId: input.accountId,
      region: input.region,
      description: input.description,
      kmsKeyId: input.kmsKeyId,
      tags: { ...(input.tags ?? {}) },
      resourcePolicy: input.resourcePolicy,
      createdDate: now,
      lastChangedDate: now,
      versions: new Map(),
    };
    this.scope(input.accountId, input.region).set(input.name, record);
    return record;
  }

  /** The secret with this exact name in an account and region. */
  byName(name: string, accountId: string, region: string): SecretRecord | undefined {
    return this.scope(accountId, region).get(name);
  }

  /**
   * Finds a secret by name (caller's account), full ARN (suffix must match) or partial ARN
   * (any account named in the ARN, same region). Returns the ARN-derived identity too, so a
   * denial can name the resource even when the secret does not exist.
   */
  find(
    secretId: string,
    accountId: string,
    region: string,
  ): { record?: SecretRecord; accountId: string; resourceArn: string } {
    if (secretId.startsWith('arn:')) {
      const parsed = parseSecretArn(secretId);
      if (!parsed.ok) return { accountId, resourceArn: secretId };
      // Secrets are regional: an ARN of another region names nothing here, but it still names
      // its account (never the caller's, or a cross-account ARN would be judged same-account).
      if (parsed.value.region !== region) {
        return { accountId: parsed.value.accountId, resourceArn: secretId };
      }
      const arn = parsed.value;
      const scope = this.scope(arn.accountId, arn.region);
      if (arn.suffix) {
        const full = scope.get(arn.name);
        if (full && full.arn === secretId) {
          return { record: full, accountId: arn.accountId, resourceArn: full.arn };
        }
        // A partial ARN whose name itself ends in -xxxxxx.
        const partial = scope.get(`${arn.name}-${arn.suffix}`);
        if (partial) return { record: partial, accountId: arn.accountId, resourceArn: partial.arn };
        return { accountId: arn.accountId, resourceArn: secretId };
      }
      const record = scope.get(arn.name);
      return { record, accountId: arn.accountId, resourceArn: record?.arn ?? `${secretId}-??????` };
    }
    const record = this.scope(accountId, region).get(secretId);
    return {
      record,
      accountId,
      resourceArn:
        record?.arn ??
        `${formatSecretArn({ partition: 'aws', region, accountId, name: secretId })}-??????`,
    };
  }

  /** All secrets of an account and region, sorted by name. */
  list(accountId: string, region: string): SecretRecord[] {
    return [...this.scope(accountId, region).values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Removes a secret immediately. */
  remove(record: SecretRecord): void {
    this.scope(record.accountId, record.region).delete(record.name);
  }

  /** Every secret in every scope (for control counters and leak scans). */
  all(): SecretRecord[] {
    return this.scopes.all();
  }
}
