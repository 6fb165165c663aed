import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Where auth writes what it does. Each method receives one line of text that never
 * contains credentials; `console`, pino and the AWS SDK's loggers all fit.
 */
export interface AuthLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
}

/** Options common to every strategy. */
export interface AuthOptions {
  /**
   * The HTTP handler of every STS client the strategy creates (tests pass the emulator's
   * handler here; production leaves it unset).
   */
  requestHandler?: STSClientConfig['requestHandler'];
  /** Host name for the default RoleSessionName. Default: `os.hostname()`. */
  hostname?: string;
  /** Receives renewal and failure events, never credentials. */
  logger?: AuthLogger;
  /** Clock in milliseconds since the epoch, for renewal scheduling. Default `Date.now`. */
  now?: () => number;
}

/** The identity behind a set of credentials, as sts:GetCallerIdentity reports it. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** Names of the strategies, one per authentication method. */
export type AuthStrategyName = 'access-key' | 'instance-profile' | 'role-based' | 'default-chain';

/**
 * Credentials for one vault, ready for any AWS SDK client, plus a way to ask AWS whose
 * they are.
 */
export interface AuthStrategy {
  readonly name: AuthStrategyName;
  /** Pass as `credentials` to an AWS SDK client. Rejects with `AuthError`. */
  readonly credentials: AwsCredentialIdentityProvider;
  /** sts:GetCallerIdentity with these credentials. Rejects with `AuthError`. */
  describeIdentity(): Promise<CallerIdentity>;
}
