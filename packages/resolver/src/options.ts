import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ResolverLogger, ResolverMetrics } from './metrics.js';

/** Options of `createResolver`; every one has a default. */
export interface ResolverOptions {
  /** A ready Secrets Manager client; otherwise one is built from the config and auth. */
  client?: SecretsManagerClient;
  /**
   * A ready Parameter Store (SSM) client; otherwise one is built like the Secrets Manager
   * client (same region, endpoint, credentials, retries and request handler).
   */
  ssmClient?: SSMClient;
  /**
   * HTTP handler for the built client (and its STS calls); ignored with `client`. A given
   * handler keeps its own timeouts: `requestTimeoutMs` applies to the default one only.
   */
  requestHandler?: SecretsManagerClientRequestHandler;
  /** Credentials for the built client instead of the vault's auth strategy. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  metrics?: ResolverMetrics;
  /** Put secret (and parameter) names in metric labels. Off by default: names can reveal too much. */
  metricLabelsWithNames?: boolean;
  logger?: ResolverLogger;
  /** Clock in epoch milliseconds. Default `Date.now`; tests move time with it. */
  now?: () => number;
  /** Random source in [0, 1) for expiry jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * BatchGetSecretValue calls in flight at once (each up to 20 secrets), and as many
   * GetParameters calls (each up to 10 parameters); further batches wait. Default 5: a prefetch of 10,000 references makes 500 calls, 5 at a time.
   */
  maxBatchesInFlight?: number;
  /** How long to gather requests into one BatchGetSecretValue. Default 0: one loop turn. */
  batchWindowMs?: number;
  /**
   * HTTP connections each built client keeps open to AWS at most (its agent's maxSockets);
   * further requests queue. Default: Node's, no limit.
   */
  maxSockets?: number;
  /** Per-attempt HTTP timeout of the built client. Default 3000 ms. */
  requestTimeoutMs?: number;
  /** Attempts per call (first try included) of the built client's retry strategy. Default 3. */
  maxAttempts?: number;
  /** Fraction of the TTL by which expiry may come early so a fleet spreads its refreshes. Default 0.1. */
  ttlJitter?: number;
  /**
   * After AWS failed and a stale value was served, wait this long before asking AWS again
   * for that secret (stale values are served meanwhile). Default 2000 ms.
   */
  staleRetryMs?: number;
  /**
   * Expire AWSCURRENT values at the secret's next scheduled rotation (DescribeSecret's
   * NextRotationDate) when that comes before the TTL. Costs one DescribeSecret per fetch.
   */
  expireAtNextRotation?: boolean;
  /**
   * When an AWSCURRENT value's TTL runs out, ask DescribeSecret whether its version is still
   * AWSCURRENT and, if so, keep the value and start its TTL again: no GetSecretValue and no
   * KMS decrypt (AWS's agent does the same). Needs secretsmanager:DescribeSecret; without it
   * (AccessDenied), values are fetched again as usual. Default false.
   */
  refreshByDescribe?: boolean;
}

/** The `requestHandler` type the SDK client accepts. */
export type SecretsManagerClientRequestHandler = NonNullable<
  ConstructorParameters<typeof SecretsManagerClient>[0]
>['requestHandler'];
