import { awsServiceHost, parseAwsHost } from '@vaultline/config';
import { AuthError } from './errors.js';
import { AUTH_HINTS } from './hints.js';
import type { StsVaultFields } from './vault.js';

/** The global STS endpoint, used when a vault sets no `stsEndpoint`. */
export const GLOBAL_STS_ENDPOINT = 'https://sts.amazonaws.com';
/** The only region the global STS endpoint accepts signatures for. */
export const GLOBAL_STS_SIGNING_REGION = 'us-east-1';

/** Where STS requests go and which region they are signed for. */
export interface StsEndpoint {
  /** Base URL of the STS endpoint. */
  url: string;
  /** Region in the SigV4 credential scope. */
  signingRegion: string;
  /** global: sts.amazonaws.com; regional: an AWS STS host naming its region; custom: any other host. */
  kind: 'global' | 'regional' | 'custom';
}

/** The global endpoint's host names; any other STS host is regional or custom. */
const GLOBAL_HOSTS = new Set(['sts.amazonaws.com', 'sts-fips.amazonaws.com']);

const stsHostFor = (region: string): string => `https://${awsServiceHost('sts', region)}`;

function parseEndpoint(raw: string): URL {
  try {
    return new URL(raw);
  } catch (cause) {
    throw new AuthError(
      'INVALID_CONFIG',
      `stsEndpoint must be an absolute URL such as https://sts.us-east-2.amazonaws.com; got "${raw}".`,
      { cause, hint: AUTH_HINTS.config },
    );
  }
}

function mismatch(message: string, cause: string): AuthError {
  return new AuthError('STS_REGION_MISMATCH', message, {
    cause: new Error(cause),
    hint: AUTH_HINTS.stsRegion,
  });
}

/**
 * Applies the product document's STS endpoint rules to a vault, before any call:
 * `stsEndpoint` when set, otherwise the global endpoint; the signing region is
 * `stsEndpointRegion`, else the region of a regional STS host, else the vault region,
 * except that the global endpoint is always signed for us-east-1. Contradictions throw
 * `AuthError` STS_REGION_MISMATCH; a non-STS AWS host throws INVALID_CONFIG with the STS
 * host to use instead.
 *
 * @example
 * resolveStsEndpoint({ region: 'us-east-2' });
 * // { url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1', kind: 'global' }
 * resolveStsEndpoint({ region: 'us-east-2', stsEndpoint: 'https://sts.us-west-1.amazonaws.com' });
 * // { url: 'https://sts.us-west-1.amazonaws.com', signingRegion: 'us-west-1', kind: 'regional' }
 */
export function resolveStsEndpoint(vault: StsVaultFields): StsEndpoint {
  const explicitRegion = vault.stsEndpointRegion || undefined;
  const raw = vault.stsEndpoint || undefined;
  const url = parseEndpoint(raw ?? GLOBAL_STS_ENDPOINT);
  const host = url.hostname.toLowerCase();
  const base = raw ? raw.replace(/\/+$/, '') : GLOBAL_STS_ENDPOINT;

  if (GLOBAL_HOSTS.has(host)) {
    if (explicitRegion && explicitRegion !== GLOBAL_STS_SIGNING_REGION) {
      throw mismatch(
        `stsEndpointRegion is "${explicitRegion}" but the global STS endpoint ${base} only accepts signatures for us-east-1${raw ? '' : ' (it is used because stsEndpoint is not set)'}. Set stsEndpoint to ${stsHostFor(explicitRegion)} to use STS in ${explicitRegion}, or remove stsEndpointRegion.`,
        `global STS endpoint signed for ${explicitRegion}`,
      );
    }
    return { url: base, signingRegion: GLOBAL_STS_SIGNING_REGION, kind: 'global' };
  }

  const aws = parseAwsHost(host);
  const hostRegion = aws?.service === 'sts' ? aws.region : undefined;
  if (hostRegion) {
    if (explicitRegion && explicitRegion !== hostRegion) {
      throw mismatch(
        `stsEndpointRegion is "${explicitRegion}" but the STS endpoint ${base} is in ${hostRegion}: its signatures must be scoped to ${hostRegion}. Remove stsEndpointRegion, or set it to ${hostRegion}, or point stsEndpoint at ${stsHostFor(explicitRegion)}.`,
        `regional STS endpoint in ${hostRegion} signed for ${explicitRegion}`,
      );
    }
    return { url: base, signingRegion: explicitRegion ?? hostRegion, kind: 'regional' };
  }

  if (aws?.region && aws.service !== 'sts') {
    const suggestion = stsHostFor(aws.region);
    throw new AuthError(
      'INVALID_CONFIG',
      `stsEndpoint ${base} is a ${aws.service} endpoint, not an STS endpoint: expected an STS host such as ${suggestion}. Set stsEndpoint to ${suggestion} (or remove it to use the global endpoint).`,
      { cause: new Error(`non-STS host ${host} in stsEndpoint`), hint: AUTH_HINTS.stsRegion },
    );
  }

  return { url: base, signingRegion: explicitRegion ?? vault.region, kind: 'custom' };
}
