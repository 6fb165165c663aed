import { awsServiceHost, parseAwsHost, partitionOfRegion } from '@vaultline/secret-names';

/** The global STS endpoint, the default for the regions every account has enabled. */
export const GLOBAL_STS_ENDPOINT = 'https://sts.amazonaws.com';
/** The only region the global STS endpoint accepts signatures for. */
export const GLOBAL_STS_SIGNING_REGION = 'us-east-1';

/**
 * The regions of the aws partition that every account has enabled (those launched before
 * March 2019). Session tokens from the global endpoint are valid only in these unless the
 * account changed its setting, so every other region (an opt-in region such as ap-east-1
 * or me-south-1) and every other partition (aws-cn, aws-us-gov, ...) uses its regional
 * STS endpoint by default.
 */
const DEFAULT_ENABLED_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
]);

/** Where STS requests go and which region they are signed for. */
export interface StsEndpoint {
  /** Base URL of the STS endpoint. */
  url: string;
  /** Region in the SigV4 credential scope. */
  signingRegion: string;
  /** global: sts.amazonaws.com; regional: an AWS STS host naming its region; custom: any other host. */
  kind: 'global' | 'regional' | 'custom';
}

/** Why a vault's STS settings cannot work; the same words for `validate` and at run time. */
export interface StsEndpointProblem {
  code: 'STS_REGION_MISMATCH' | 'INVALID_STS_ENDPOINT';
  /** The vault key to fix. */
  field: 'stsEndpoint' | 'stsEndpointRegion';
  message: string;
}

export type StsEndpointResult =
  | { ok: true; value: StsEndpoint }
  | { ok: false; problem: StsEndpointProblem };

/** The STS fields of a vault. */
export interface StsSettings {
  region: string;
  stsEndpoint?: string | undefined;
  stsEndpointRegion?: string | undefined;
}

const GLOBAL_HOSTS = new Set(['sts.amazonaws.com', 'sts-fips.amazonaws.com']);
const stsHostFor = (region: string): string => `https://${awsServiceHost('sts', region)}`;

/**
 * The STS endpoint used when a vault sets none: the global endpoint (signed for us-east-1)
 * in the regions every account has enabled, the regional endpoint in opt-in regions and in
 * the other partitions.
 *
 * @example
 * defaultStsEndpoint('us-east-2').url; // 'https://sts.amazonaws.com'
 * defaultStsEndpoint('ap-east-1').url; // 'https://sts.ap-east-1.amazonaws.com'
 */
export function defaultStsEndpoint(region: string): StsEndpoint {
  const partition = partitionOfRegion(region)?.id ?? 'aws';
  if (partition === 'aws' && DEFAULT_ENABLED_REGIONS.has(region)) {
    return { url: GLOBAL_STS_ENDPOINT, signingRegion: GLOBAL_STS_SIGNING_REGION, kind: 'global' };
  }
  return { url: stsHostFor(region), signingRegion: region, kind: 'regional' };
}

const mismatch = (message: string): StsEndpointResult => ({
  ok: false,
  problem: { code: 'STS_REGION_MISMATCH', field: 'stsEndpointRegion', message },
});

/**
 * Applies the STS endpoint rules to a vault, before any call: `stsEndpoint` when set,
 * otherwise {@link defaultStsEndpoint}; the signing region is `stsEndpointRegion`, else the
 * region of a regional STS host, else the vault region, except that the global endpoint is
 * always signed for us-east-1. `validate` reports a problem as an error with the same
 * message that the run time throws.
 *
 * @example
 * chooseStsEndpoint({ region: 'us-east-2', stsEndpoint: 'https://sts.us-west-1.amazonaws.com' });
 * // { ok: true, value: { url: 'https://sts.us-west-1.amazonaws.com', signingRegion: 'us-west-1', kind: 'regional' } }
 */
export function chooseStsEndpoint(vault: StsSettings): StsEndpointResult {
  const explicitRegion = vault.stsEndpointRegion || undefined;
  const raw = vault.stsEndpoint || undefined;
  const chosen = raw ? undefined : defaultStsEndpoint(vault.region);
  const base = raw ? raw.replace(/\/+$/, '') : chosen!.url;
  let host: string;
  try {
    host = new URL(base).hostname.toLowerCase();
  } catch {
    return {
      ok: false,
      problem: {
        code: 'INVALID_STS_ENDPOINT',
        field: 'stsEndpoint',
        message: `stsEndpoint must be an absolute URL such as https://sts.us-east-2.amazonaws.com; got "${raw}".`,
      },
    };
  }
  if (GLOBAL_HOSTS.has(host)) {
    if (explicitRegion && explicitRegion !== GLOBAL_STS_SIGNING_REGION) {
      return mismatch(
        `stsEndpointRegion is "${explicitRegion}" but the global STS endpoint ${base} only accepts signatures for us-east-1${raw ? '' : ' (it is used because stsEndpoint is not set)'}. Set stsEndpoint to ${stsHostFor(explicitRegion)} to use STS in ${explicitRegion}, or remove stsEndpointRegion.`,
      );
    }
    return {
      ok: true,
      value: { url: base, signingRegion: GLOBAL_STS_SIGNING_REGION, kind: 'global' },
    };
  }
  return chooseNonGlobal(base, host, explicitRegion, vault.region);
}

function chooseNonGlobal(
  base: string,
  host: string,
  explicitRegion: string | undefined,
  region: string,
): StsEndpointResult {
  const aws = parseAwsHost(host);
  const hostRegion = aws?.service === 'sts' ? aws.region : undefined;
  if (hostRegion) {
    if (explicitRegion && explicitRegion !== hostRegion) {
      return mismatch(
        `stsEndpointRegion is "${explicitRegion}" but the STS endpoint ${base} is in ${hostRegion}: its signatures must be scoped to ${hostRegion}. Remove stsEndpointRegion, or set it to ${hostRegion}, or point stsEndpoint at ${stsHostFor(explicitRegion)}.`,
      );
    }
    return {
      ok: true,
      value: { url: base, signingRegion: explicitRegion ?? hostRegion, kind: 'regional' },
    };
  }
  if (aws?.region && aws.service !== 'sts') {
    const suggestion = stsHostFor(aws.region);
    return {
      ok: false,
      problem: {
        code: 'INVALID_STS_ENDPOINT',
        field: 'stsEndpoint',
        message: `stsEndpoint ${base} is a ${aws.service} endpoint, not an STS endpoint: expected an STS host such as ${suggestion}. Set stsEndpoint to ${suggestion} (or remove it to use the default endpoint).`,
      },
    };
  }
  return {
    ok: true,
    value: { url: base, signingRegion: explicitRegion ?? region, kind: 'custom' },
  };
}

/** Why a vault's STS endpoint is the one it is. */
export type StsEndpointReason =
  /** stsEndpoint is not set and the region is one every account has enabled: the seed's default. */
  | 'default-global'
  /** stsEndpoint is not set and the region is an opt-in region of the aws partition. */
  | 'default-regional-opt-in-region'
  /** stsEndpoint is not set and the region is in another partition (aws-cn, aws-us-gov, ...). */
  | 'default-regional-partition'
  /** vault.stsEndpoint is set. */
  | 'configured';

/** The STS endpoint of a vault, with why it is that one, for `validate` to show. */
export interface ExplainedStsEndpoint extends StsEndpoint {
  reason: StsEndpointReason;
  /** One sentence for people: where the endpoint and its signing region come from. */
  explanation: string;
}

export type ExplainedStsEndpointResult =
  | { ok: true; value: ExplainedStsEndpoint }
  | { ok: false; problem: StsEndpointProblem };

/**
 * {@link chooseStsEndpoint} with the reason for its answer: the seed's default (the global
 * endpoint), the regional endpoint of an opt-in region or of another partition, or the
 * configured `stsEndpoint` (and where its signing region comes from).
 *
 * @example
 * explainStsEndpoint({ region: 'ap-east-1' });
 * // { ok: true, value: { url: 'https://sts.ap-east-1.amazonaws.com', signingRegion: 'ap-east-1',
 * //   kind: 'regional', reason: 'default-regional-opt-in-region', explanation: '...' } }
 */
export function explainStsEndpoint(vault: StsSettings): ExplainedStsEndpointResult {
  const chosen = chooseStsEndpoint(vault);
  if (!chosen.ok) return chosen;
  const endpoint = chosen.value;
  const reason = reasonFor(vault);
  return {
    ok: true,
    value: { ...endpoint, reason, explanation: explain(reason, vault, endpoint) },
  };
}

function reasonFor(vault: StsSettings): StsEndpointReason {
  if (vault.stsEndpoint) return 'configured';
  const partition = partitionOfRegion(vault.region)?.id ?? 'aws';
  if (partition !== 'aws') return 'default-regional-partition';
  return DEFAULT_ENABLED_REGIONS.has(vault.region)
    ? 'default-global'
    : 'default-regional-opt-in-region';
}

function explain(reason: StsEndpointReason, vault: StsSettings, endpoint: StsEndpoint): string {
  const unset = 'the default, as vault.stsEndpoint is not set';
  switch (reason) {
    case 'default-global':
      return `${unset}: the global endpoint, which accepts signatures for us-east-1 only; its session tokens are valid in ${vault.region}, a region every account has enabled`;
    case 'default-regional-opt-in-region':
      return `${unset}: ${vault.region} is an opt-in region, where session tokens from the global endpoint ${GLOBAL_STS_ENDPOINT} are valid only if the account changed its setting, so its regional endpoint is used`;
    case 'default-regional-partition':
      return `${unset}: ${vault.region} is in partition ${partitionOfRegion(vault.region)?.id}, which the global endpoint ${GLOBAL_STS_ENDPOINT} does not serve, so its regional endpoint is used`;
    case 'configured':
      return `vault.stsEndpoint is set; ${configuredSigning(vault, endpoint)}`;
  }
}

function configuredSigning(vault: StsSettings, endpoint: StsEndpoint): string {
  if (vault.stsEndpointRegion) {
    return `signed for ${endpoint.signingRegion}, as vault.stsEndpointRegion says`;
  }
  if (endpoint.kind === 'global')
    return 'the global endpoint accepts signatures for us-east-1 only';
  if (endpoint.kind === 'regional')
    return `signed for ${endpoint.signingRegion}, the region of its host`;
  return `signed for ${endpoint.signingRegion}, vault.region (set vault.stsEndpointRegion to sign for another region)`;
}
