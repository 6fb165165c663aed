import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { awsManagedKeyPolicy } from '../iam/index.js';
import type { PolicyDocument } from '../iam/types.js';
import { newUuid } from './ids.js';

/** A KMS key held by the emulator. */
export interface KmsKey {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  description: string;
  keyManager: 'AWS' | 'CUSTOMER';
  policy: PolicyDocument;
  creationDate: Date;
  /** Enabled, Disabled (DisableKey, or `enabled: false` in the scenario) or PendingDeletion. */
  keyState: KeyState;
  /** When a key pending deletion would be deleted (ScheduleKeyDeletion). */
  deletionDate?: Date;
  /** AES-256 material: the emulator really encrypts, with a per-key random key. */
  material: Buffer;
}

/** The key states the emulator models. */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** The alias of the AWS managed key Secrets Manager uses by default. */
export const SECRETS_MANAGER_ALIAS = 'alias/aws/secretsmanager';

/** The alias of the AWS managed key Parameter Store uses for SecureString by default. */
export const SSM_ALIAS = 'alias/aws/ssm';

/** The AWS managed keys the emulator creates on first use, by alias. */
const MANAGED_KEYS: Record<string, { service: string; description: string }> = {
  [SECRETS_MANAGER_ALIAS]: {
    service: 'secretsmanager',
    description: 'Default key that protects my Secrets Manager data when no other key is defined',
  },
  [SSM_ALIAS]: {
    service: 'ssm',
    description: 'Default key that protects my SSM parameters when no other key is defined',
  },
};

const MAGIC = Buffer.from('VLK1');

/** The default key policy AWS gives a customer managed key: the account root may do anything. */
export const defaultKeyPolicy = (accountId: string): PolicyDocument => ({
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
});

/** KMS keys and aliases, per account and region. */
export class KmsStore {
  private readonly keys = new Map<string, KmsKey>();
  /** `<account>/<region>/<alias name>` to key id. */
  private readonly aliases = new Map<string, string>();

  /** Creates a customer managed key (or an AWS managed one, for the service aliases). */
  createKey(input: {
    accountId: string;
    region: string;
    description?: string;
    policy?: PolicyDocument;
    keyId?: string;
    keyManager?: 'AWS' | 'CUSTOMER';
  }): KmsKey {
    const keyId = input.keyId ?? newUuid();
    const key: KmsKey = {
      keyId,
      arn: `arn:aws:kms:${input.region}:${input.accountId}:key/${keyId}`,
      accountId: input.accountId,
      region: input.region,
      description: input.description ?? '',
      keyManager: input.keyManager ?? 'CUSTOMER',
      policy: input.policy ?? defaultKeyPolicy(input.accountId),
      creationDate: new Date(),
      keyState: 'Enabled',
      material: randomBytes(32),
    };
    this.keys.set(keyId, key);
    return key;
  }

  /** The account's AWS managed key for Secrets Manager in a region, created on first use. */
  secretsManagerKey(accountId: string, region: string): KmsKey {
    return this.managedKey(SECRETS_MANAGER_ALIAS, accountId, region)!;
  }

  /** An AWS managed key (`alias/aws/secretsmanager`, `alias/aws/ssm`), created on first use. */
  managedKey(alias: string, accountId: string, region: string): KmsKey | undefined {
    const managed = MANAGED_KEYS[alias];
    if (!managed) return undefined;
    const existing = this.aliases.get(`${accountId}/${region}/${alias}`);
    if (existing) return this.keys.get(existing)!;
    const key = this.createKey({
      accountId,
      region,
      description: managed.description,
      keyManager: 'AWS',
      policy: awsManagedKeyPolicy(accountId, region, managed.service),
    });
    this.aliases.set(`${accountId}/${region}/${alias}`, key.keyId);
    return key;
  }

  /**
   * Finds a key by id, key ARN, alias name or alias ARN. Names without an account are looked
   * up in the caller's account and region.
   */
  resolve(ref: string, accountId: string, region: string): KmsKey | undefined {
    const arn = /^arn:aws[a-z-]*:kms:([^:]+):(\d{12}):(key\/.+|alias\/.+)$/.exec(ref);
    if (arn) {
      const [, arnRegion, arnAccount, resource] = arn as unknown as [
        string,
        string,
        string,
        string,
      ];
      if (resource.startsWith('key/')) {
        const key = this.keys.get(resource.slice(4));
        return key && key.accountId === arnAccount && key.region === arnRegion ? key : undefined;
      }
      return this.resolveAlias(resource, arnAccount, arnRegion);
    }
    if (ref.startsWith('alias/')) return this.resolveAlias(ref, accountId, region);
    const key = this.keys.get(ref);
    return key && key.accountId === accountId && key.region === region ? key : undefined;
  }

  private resolveAlias(alias: string, accountId: string, region: string): KmsKey | undefined {
    if (Object.hasOwn(MANAGED_KEYS, alias)) return this.managedKey(alias, accountId, region);
    const keyId = this.aliases.get(`${accountId}/${region}/${alias}`);
    return keyId ? this.keys.get(keyId) : undefined;
  }

  /** Points an alias at a key; false when the alias already exists. */
  createAlias(alias: string, key: KmsKey): boolean {
    const id = `${key.accountId}/${key.region}/${alias}`;
    if (this.aliases.has(id)) return false;
    this.aliases.set(id, key.keyId);
    return true;
  }

  /** Aliases of an account and region, optionally only those of one key. */
  listAliases(
    accountId: string,
    region: string,
    keyId?: string,
  ): { name: string; keyId: string }[] {
    const prefix = `${accountId}/${region}/`;
    const out: { name: string; keyId: string }[] = [];
    for (const [id, target] of this.aliases) {
      if (id.startsWith(prefix) && (keyId === undefined || keyId === target)) {
        out.push({ name: id.slice(prefix.length), keyId: target });
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Encrypts with AES-256-GCM; the blob names the key, as AWS's ciphertexts do. */
  encrypt(key: KmsKey, plaintext: Buffer, context: Record<string, string> = {}): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(Buffer.from(canonicalContext(context)));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([MAGIC, Buffer.from(key.keyId, 'ascii'), iv, cipher.getAuthTag(), body]);
  }

  /** The key a ciphertext blob was made with, if the blob is one of ours. */
  keyOfCiphertext(blob: Buffer): KmsKey | undefined {
    if (blob.length < 4 + 36 + 28 || !blob.subarray(0, 4).equals(MAGIC)) return undefined;
    return this.keys.get(blob.subarray(4, 40).toString('ascii'));
  }

  /** Decrypts a blob; undefined when it is not valid for this key and context. */
  decrypt(key: KmsKey, blob: Buffer, context: Record<string, string> = {}): Buffer | undefined {
    try {
      const iv = blob.subarray(40, 52);
      const tag = blob.subarray(52, 68);
      const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
      decipher.setAAD(Buffer.from(canonicalContext(context)));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(blob.subarray(68)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}

const canonicalContext = (context: Record<string, string>): string =>
  JSON.stringify(
    Object.keys(context)
      .sort()
      .map((k) => [k, context[k]]),
  );
