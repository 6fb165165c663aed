import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuthLogger } from './types.js';

/** Tuning of `createRefreshingProvider`; the defaults suit STS and IMDS credentials. */
export interface RefreshOptions {
  /** Clock in milliseconds since the epoch. */
  now?: () => number;
  /** Source of randomness in [0, 1) for the jitter. */
  random?: () => number;
  /** Renew this long before expiry (before jitter). Default 5 minutes. */
  marginMs?: number;
  /** Up to this much is added to the margin at random, so fleets do not renew in step. Default 60 s. */
  jitterMs?: number;
  /** The margin never exceeds this fraction of the lifetime (short credentials). Default 0.25. */
  maxMarginFraction?: number;
  /** First wait after a failed early renewal; doubles up to 60 s. Default 1 s. */
  retryDelayMs?: number;
  /** Receives renewal events; never credentials. */
  logger?: AuthLogger | undefined;
  /** Names the credentials in log lines, e.g. the role ARN. */
  label?: string;
}

interface Cached {
  credentials: AwsCredentialIdentity;
  /** When to start renewing (background). */
  refreshAt: number;
  /** Past this, the credentials are not served any more. */
  usableUntil: number;
}

const DEFAULT_MARGIN_MS = 5 * 60_000;
const DEFAULT_JITTER_MS = 60_000;
const MAX_RETRY_DELAY_MS = 60_000;

/**
 * When to renew credentials obtained at `obtainedAt` that expire at `expiresAt`:
 * `marginMs` plus up to `jitterMs` before expiry, but never more than
 * `maxMarginFraction` (jittered ±10%) of the lifetime, so a 60 s credential renews at
 * about 45 s rather than immediately.
 *
 * @example
 * renewalTime(0, 3_600_000, { random: () => 0 }); // 3_300_000 (5 minutes early)
 * renewalTime(0, 60_000, { random: () => 0.5 });  // 45_000 (last quarter)
 */
export function renewalTime(
  obtainedAt: number,
  expiresAt: number,
  options: Pick<RefreshOptions, 'random' | 'marginMs' | 'jitterMs' | 'maxMarginFraction'> = {},
): number {
  const random = options.random ?? Math.random;
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  const margin =
    (options.marginMs ?? DEFAULT_MARGIN_MS) + random() * (options.jitterMs ?? DEFAULT_JITTER_MS);
  const cap = lifetime * (options.maxMarginFraction ?? 0.25) * (0.9 + 0.2 * random());
  return expiresAt - Math.min(margin, cap);
}

/**
 * Credentials are not served within this much of their expiry (clock skew, request time):
 * a twentieth of the lifetime, at most 10 s. Short credentials keep at least 1 s (or a quarter
 * of their lifetime): a request signed 150 ms before a 3 s credential expired could arrive,
 * after network latency, expired (the reliability soak saw EXPIRED answers so).
 */
function expirySkew(lifetime: number): number {
  const span = Math.max(0, lifetime);
  return Math.min(10_000, Math.max(span / 20, Math.min(1_000, span / 4)));
}

/**
 * Caches temporary credentials and renews them before they expire, without a gap:
 * - while cached credentials are fresh, they are returned at once;
 * - in the renewal window, the cached (still valid) credentials are returned while ONE
 *   renewal runs in the background; a failed early renewal is logged and retried with
 *   backoff until the credentials really expire;
 * - with nothing usable cached, every caller awaits the same single renewal.
 * Credentials without an expiration are fetched once and kept.
 *
 * @example
 * const credentials = createRefreshingProvider(fromTemporaryCredentials({ params }), {
 *   label: 'arn:aws:iam::123456789012:role/reader',
 * });
 * const client = new SecretsManagerClient({ region: 'us-east-2', credentials });
 */
export function createRefreshingProvider(
  source: () => Promise<AwsCredentialIdentity>,
  options: RefreshOptions = {},
): AwsCredentialIdentityProvider {
  const now = options.now ?? Date.now;
  const label = options.label ?? 'credentials';
  let cached: Cached | undefined;
  let inflight: Promise<AwsCredentialIdentity> | undefined;
  let failures = 0;

  const schedule = (credentials: AwsCredentialIdentity, obtainedAt: number): Cached => {
    const expiresAt = credentials.expiration?.getTime();
    if (expiresAt === undefined) {
      return {
        credentials,
        refreshAt: Number.POSITIVE_INFINITY,
        usableUntil: Number.POSITIVE_INFINITY,
      };
    }
    const lifetime = expiresAt - obtainedAt;
    const usableUntil = expiresAt - expirySkew(lifetime);
    let refreshAt = renewalTime(obtainedAt, expiresAt, options);
    if (refreshAt <= obtainedAt) {
      // The source handed back credentials already inside the window (a cache upstream):
      // try again a little later instead of on every call.
      refreshAt = Math.min(obtainedAt + (options.retryDelayMs ?? 1_000), usableUntil);
    }
    return { credentials, refreshAt, usableUntil };
  };

  const renew = (): Promise<AwsCredentialIdentity> => {
    if (!inflight) {
      const startedAt = now();
      inflight = source()
        .then((credentials) => {
          failures = 0;
          cached = schedule(credentials, startedAt);
          options.logger?.debug?.(
            `auth: renewed ${label}; expires ${credentials.expiration?.toISOString() ?? 'never'}, next renewal at ${Number.isFinite(cached.refreshAt) ? new Date(cached.refreshAt).toISOString() : 'never'}`,
          );
          return credentials;
        })
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  };

  return async () => {
    const t = now();
    const current = cached;
    if (current && t < current.refreshAt) return current.credentials;
    if (current && t < current.usableUntil) {
      renew().catch((error: unknown) => {
        failures += 1;
        const delay = Math.min(
          MAX_RETRY_DELAY_MS,
          (options.retryDelayMs ?? 1_000) * 2 ** (failures - 1),
        );
        if (cached === current) {
          current.refreshAt = Math.min(now() + delay, current.usableUntil);
        }
        const code = (error as { code?: unknown }).code;
        options.logger?.warn?.(
          `auth: early renewal of ${label} failed (${typeof code === 'string' ? code : (error as Error).name}); still serving credentials valid until ${new Date(current.usableUntil).toISOString()}, retrying in ${delay} ms`,
        );
      });
      return current.credentials;
    }
    return renew();
  };
}
