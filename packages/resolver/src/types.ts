/**
 * A secret version as GetSecretValue returns it. BatchGetSecretValue entries have the same
 * shape, so both calls produce this.
 */
export interface SecretValue {
  ARN: string;
  Name: string;
  VersionId: string;
  SecretString?: string;
  SecretBinary?: Uint8Array;
  VersionStages: string[];
  CreatedDate?: Date;
}

/** A secret as `getSecret` returns it: the GetSecretValue shape plus `stale`. */
export interface SecretResult extends SecretValue {
  /** True when AWS could not be reached and this is the last value, past its TTL. */
  stale: boolean;
}

/** Which version of a secret: by id, or by staging label (AWSCURRENT when neither is set). */
export interface VersionSelector {
  versionId?: string | undefined;
  versionStage?: string | undefined;
}

/** The value of one secret reference: text, bytes, or one JSON key's value. */
export type ResolvedValue = string | number | boolean | Uint8Array;
