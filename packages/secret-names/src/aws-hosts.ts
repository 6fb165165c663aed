// The one reader and writer of AWS endpoint host names (config's endpoint rules, auth's STS
// endpoint, the emulator's Host header all use it).
import {
  type AwsPartition,
  findAwsPartition,
  isRegionCode,
  listAwsPartitions,
  partitionOfRegion,
} from './aws-regions.js';

/** What an AWS endpoint host name says about itself. */
export interface AwsHost {
  /** `sts`, `secretsmanager`, ... without a `-fips` ending. */
  service: string;
  /** Absent for a global endpoint such as sts.amazonaws.com. */
  region?: string;
  partition: string;
  fips: boolean;
  vpce: boolean;
}

// Longest first, so amazonaws.com.cn is tried before amazonaws.com. Partitions that share a
// suffix (aws and aws-us-gov both use amazonaws.com) keep the SDK's order.
const SUFFIXES = listAwsPartitions()
  .flatMap((partition) => [
    { suffix: partition.dnsSuffix, partition },
    { suffix: partition.dualStackDnsSuffix, partition },
  ])
  .sort((a, b) => b.suffix.length - a.suffix.length);

function partitionFor(suffix: string, region: string | undefined): AwsPartition {
  const candidates = SUFFIXES.filter((entry) => entry.suffix === suffix);
  const ofRegion = region === undefined ? undefined : partitionOfRegion(region);
  return (
    candidates.find((entry) => entry.partition === ofRegion)?.partition ?? candidates[0]!.partition
  );
}

/**
 * Reads an AWS endpoint host: `[<prefix>.]<service>[-fips][.<region>][.vpce].<dns suffix>`,
 * such as `sts.amazonaws.com`, `sts-fips.us-east-1.amazonaws.com`,
 * `secretsmanager.eu-west-1.api.aws` or `vpce-0a1b-c2d3.sts.us-east-1.vpce.amazonaws.com`.
 * Undefined when the host does not end in a partition's DNS suffix.
 *
 * @example
 * parseAwsHost('sts.us-west-1.amazonaws.com');
 * // { service: 'sts', region: 'us-west-1', partition: 'aws', fips: false, vpce: false }
 */
export function parseAwsHost(hostname: string): AwsHost | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const match = SUFFIXES.find(({ suffix }) => host.endsWith(`.${suffix}`));
  if (!match) return undefined;
  const labels = host.slice(0, -(match.suffix.length + 1)).split('.');
  const vpce = labels.length > 1 && labels[labels.length - 1] === 'vpce';
  if (vpce) labels.pop();
  const region = labels.length > 1 && isRegionCode(labels.at(-1)!) ? labels.pop() : undefined;
  const serviceLabel = labels.at(-1)!;
  if (serviceLabel === '' || serviceLabel === 'vpce') return undefined;
  const fips = serviceLabel.endsWith('-fips');
  const parsed: AwsHost = {
    service: fips ? serviceLabel.slice(0, -'-fips'.length) : serviceLabel,
    partition: partitionFor(match.suffix, region).id,
    fips,
    vpce,
  };
  if (region !== undefined) parsed.region = region;
  return parsed;
}

/**
 * The host of an AWS service in a region, with the DNS suffix of the region's partition
 * (or of `partition` when given); `amazonaws.com` when neither is known.
 *
 * @example
 * awsServiceHost('sts', 'cn-north-1'); // 'sts.cn-north-1.amazonaws.com.cn'
 * awsServiceHost('secretsmanager', 'us-east-2'); // 'secretsmanager.us-east-2.amazonaws.com'
 */
export function awsServiceHost(service: string, region: string, partition?: string): string {
  const owner = partition === undefined ? partitionOfRegion(region) : findAwsPartition(partition);
  return `${service}.${region}.${owner?.dnsSuffix ?? 'amazonaws.com'}`;
}
