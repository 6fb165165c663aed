/**
 * What the sidecar needs from @vaultline/resolver, stated structurally so the HTTP layer
 * depends on behaviour, not on a class: `createResolver(...)` satisfies it.
 */

/** Options of one secret read, as the agent's query parameters. */
export interface GetSecretOptions {
  refreshNow?: boolean;
  /** With refreshNow, when AWS fails: throw (the agent's behaviour) or serve the last value. */
  onRefreshFailure?: 'throw' | 'serve-stale';
  versionId?: string;
  versionStage?: string;
}

/** The GetSecretValue shape, plus whether it was served stale because AWS failed. */
export interface SecretValueResult {
  ARN?: string;
  Name?: string;
  VersionId?: string;
  SecretString?: string;
  SecretBinary?: Uint8Array | string;
  VersionStages?: string[];
  CreatedDate?: Date | number | string;
  stale?: boolean;
}

/**
 * One parameter version in GetParameter's `Parameter` shape, plus whether it was served
 * stale because AWS failed: the resolver's `ParameterResult` (issue 20's contract).
 */
export interface ParameterValueResult {
  Name: string;
  ARN: string;
  Type: 'String' | 'StringList' | 'SecureString';
  /** SecureString: the plaintext when read with decryption, else the ciphertext AWS returns. */
  Value: string;
  Version: number;
  Selector?: string;
  SourceResult?: string;
  LastModifiedDate?: Date;
  DataType: string;
  stale?: boolean;
}

/** Options of one parameter read: the Lambda extension's `withDecryption`, and refreshNow. */
export interface GetParameterOptions {
  /** The resolver's default is true; the extension's is false, so the route always says. */
  withDecryption?: boolean;
  refreshNow?: boolean;
  onRefreshFailure?: 'throw' | 'serve-stale';
}

/** A connection with every secret reference resolved. */
export interface ConnectionResult {
  name: string;
  values: Record<string, unknown>;
  stale: boolean;
}

/** The resolver as the sidecar uses it. */
export interface SecretSource {
  getSecret(ref: string, options?: GetSecretOptions): Promise<SecretValueResult>;
  /**
   * The fresh cached version, synchronously, or undefined (then `getSecret` is asked); the
   * resolver's `peekSecret`. Optional: without it every read goes through `getSecret`.
   */
  peekSecret?(
    ref: string,
    options?: Pick<GetSecretOptions, 'versionId' | 'versionStage'>,
  ): SecretValueResult | undefined;
  /**
   * One Parameter Store parameter by name, ARN or either with a `:version`/`:label`
   * selector; the resolver's `getParameter`. Optional: a source without it answers the
   * parameter route with 501.
   */
  getParameter?(ref: string, options?: GetParameterOptions): Promise<ParameterValueResult>;
  resolveConnection(
    name: string,
    options?: Pick<GetSecretOptions, 'refreshNow' | 'onRefreshFailure'>,
  ): Promise<ConnectionResult>;
  prefetch?(refs: string[]): Promise<unknown>;
  /**
   * Loads every secret matching Secrets Manager filters (BatchGetSecretValue with
   * `Filters`), each read once; the resolver's `prefetchMatching`.
   */
  prefetchMatching?(
    filters: { Key: 'tag-key' | 'tag-value'; Values: string[] }[],
  ): Promise<unknown>;
  close?(): Promise<void> | void;
}
