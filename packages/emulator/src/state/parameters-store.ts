import { formatParameterArn, partitionOfRegion } from '@vaultline/secret-names';
import type { PolicyDocument } from '../iam/types.js';
import { RegionalScopes } from './regional-scopes.js';

/** Parameter Store's value types. */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** One version of a parameter, as PutParameter made it. */
export interface ParameterVersion {
  version: number;
  type: ParameterType;
  /** The value for String and StringList; for SecureString the base64 KMS ciphertext. */
  value: string;
  /** The key ARN a SecureString version is encrypted under. */
  keyArn?: string;
  /** The key as the caller named it (KeyId of DescribeParameters), e.g. `alias/aws/ssm`. */
  keyId?: string;
  description?: string;
  labels: string[];
  lastModifiedDate: Date;
  lastModifiedUser: string;
}

/** A parameter and its versions, oldest first. */
export interface ParameterRecord {
  /** The name as first written (`/prod/db/host`, or `host` at the root). */
  name: string;
  arn: string;
  accountId: string;
  region: string;
  /** `Standard`, or `Advanced` (needed to share a parameter with other accounts). */
  tier: 'Standard' | 'Advanced';
  /** AWS RAM's share as a resource policy: other accounts may read the parameter by ARN. */
  resourcePolicy?: PolicyDocument;
  versions: ParameterVersion[];
}

/**
 * The name Parameter Store files a parameter under: a root-level name is the same parameter
 * with or without its leading slash (`/host` is `host`); a hierarchy keeps it.
 */
export const normalizeParameterName = (name: string): string => {
  const stripped = name.startsWith('/') ? name.slice(1) : name;
  return stripped.includes('/') ? name : stripped;
};

/** Parameters, kept apart per account and region as on AWS. */
export class ParametersStore {
  private readonly scopes = new RegionalScopes<ParameterRecord>();

  private scope(accountId: string, region: string): Map<string, ParameterRecord> {
    return this.scopes.of(accountId, region);
  }

  get(accountId: string, region: string, name: string): ParameterRecord | undefined {
    return this.scope(accountId, region).get(normalizeParameterName(name));
  }

  /** The record of `name`, created (without versions) when there is none. */
  getOrCreate(accountId: string, region: string, name: string): ParameterRecord {
    const map = this.scope(accountId, region);
    const key = normalizeParameterName(name);
    let record = map.get(key);
    if (!record) {
      record = {
        name,
        arn: this.arnOf(accountId, region, name),
        accountId,
        region,
        tier: 'Standard',
        versions: [],
      };
      map.set(key, record);
    }
    return record;
  }

  /** The ARN a parameter of this name has (or would have). */
  arnOf(accountId: string, region: string, name: string): string {
    const partition = partitionOfRegion(region)?.id ?? 'aws';
    return formatParameterArn({ partition, region, accountId, name });
  }

  remove(record: ParameterRecord): void {
    this.scope(record.accountId, record.region).delete(normalizeParameterName(record.name));
  }

  /** Every parameter of an account and region, sorted by name (AWS pages in a stable order). */
  list(accountId: string, region: string): ParameterRecord[] {
    return [...this.scope(accountId, region).values()]
      .filter((record) => record.versions.length > 0)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The newest version of a parameter. */
export const latestVersion = (record: ParameterRecord): ParameterVersion =>
  record.versions[record.versions.length - 1]!;
