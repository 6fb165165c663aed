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

/** One parameter version in GetParameter's `Parameter` shape. */
export interface ParameterValue {
  /** As Parameter Store reports it: '/prod/db/host'. */
  Name: string;
  ARN: string;
  Type: 'String' | 'StringList' | 'SecureString';
  /** SecureString: the plaintext when read withDecryption, else the ciphertext AWS returns. */
  Value: string;
  Version: number;
  /** ':3' or ':label' when the reference had one (as AWS returns it). */
  Selector?: string | undefined;
  SourceResult?: string | undefined;
  LastModifiedDate?: Date | undefined;
  /** 'text', 'aws:ec2:image', ... */
  DataType: string;
}

/** A parameter as `getParameter` returns it: the GetParameter shape plus `stale`. */
export interface ParameterResult extends ParameterValue {
  /** True when AWS could not be reached and this is the last value, past its TTL. */
  stale: boolean;
}

/** Per-call options of `getParameter`. */
export interface GetParameterOptions {
  /** Decrypt SecureString values (GetParameters' WithDecryption). Default true. */
  withDecryption?: boolean;
  /** Ask AWS even when the cache holds a fresh value. */
  refreshNow?: boolean;
  /** With `refreshNow`, when AWS fails: as for secrets (`GetSecretOptions.onRefreshFailure`). */
  onRefreshFailure?: 'serve-stale' | 'throw';
}
