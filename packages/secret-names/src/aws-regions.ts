// The one home of AWS partitions and region codes: every package that checks a region, an
// ARN's region or a DNS suffix asks this module (the data comes from the AWS SDK).
import { type AWS_PARTITION_IDS, AWS_PARTITIONS } from './aws-partitions.generated.js';

/** One AWS partition, as the AWS SDK's partition data describes it. */
export interface AwsPartition {
  id: string;
  /** `amazonaws.com`, `amazonaws.com.cn`, ... */
  dnsSuffix: string;
  /** The suffix of dual-stack endpoints: `api.aws`, ... */
  dualStackDnsSuffix: string;
  /** The region the partition's global endpoints are signed for (`us-east-1` in `aws`). */
  implicitGlobalRegion: string;
  /** The SDK's pattern for the partition's region codes, for regions newer than the table. */
  regionRegex: string;
  regions: ReadonlyArray<readonly [code: string, description: string]>;
}

/** The id of a partition the AWS SDK knows: `aws`, `aws-cn`, `aws-us-gov`, ... */
export type AwsPartitionId = (typeof AWS_PARTITION_IDS)[number];

/** A region the AWS SDK knows, with its partition and its name ("US East (Ohio)"). */
export interface AwsRegion {
  code: string;
  description: string;
  partition: string;
}

/**
 * The shape of every region code: a 2-4 letter area, hyphenated words, a number
 * (`us-east-2`, `us-gov-west-1`, `eusc-de-east-1`). The only region pattern in vaultline.
 */
export const REGION_CODE_PATTERN = /^[a-z]{2,4}(-[a-z0-9]+)+-\d{1,2}$/;

const REGIONS: readonly AwsRegion[] = AWS_PARTITIONS.flatMap((partition) =>
  partition.regions.map(([code, description]) => ({ code, description, partition: partition.id })),
);
const REGION_BY_CODE = new Map(REGIONS.map((region) => [region.code, region]));
const PARTITION_BY_ID = new Map(AWS_PARTITIONS.map((partition) => [partition.id, partition]));
// The aws partition's pattern also matches us-gov-… and us-iso-…; try the narrower ones first.
const PATTERNS_BY_SPECIFICITY = [...AWS_PARTITIONS]
  .sort((a, b) => Number(a.id === 'aws') - Number(b.id === 'aws'))
  .map((partition) => ({ partition, pattern: new RegExp(partition.regionRegex) }));

/**
 * Every partition in the AWS SDK's data, in the SDK's order.
 *
 * @example
 * listAwsPartitions().map((p) => p.id); // ['aws', 'aws-cn', 'aws-eusc', ...]
 */
export const listAwsPartitions = (): readonly AwsPartition[] => AWS_PARTITIONS;

/**
 * The partition with this id (`aws`, `aws-cn`, ...), when the AWS SDK knows it.
 *
 * @example
 * findAwsPartition('aws-cn')?.dnsSuffix; // 'amazonaws.com.cn'
 */
export const findAwsPartition = (id: string): AwsPartition | undefined => PARTITION_BY_ID.get(id);

/**
 * True for a partition id the AWS SDK knows.
 *
 * @example
 * isAwsPartitionId('aws-us-gov'); // true
 */
export const isAwsPartitionId = (id: string): id is AwsPartitionId => PARTITION_BY_ID.has(id);

/**
 * Every region in the AWS SDK's partition data (global signing aliases excluded).
 *
 * @example
 * listAwsRegions().find((r) => r.code === 'us-east-2')?.description; // 'US East (Ohio)'
 */
export const listAwsRegions = (): readonly AwsRegion[] => REGIONS;

/**
 * The region with this code, when the AWS SDK knows it.
 *
 * @example
 * findAwsRegion('eu-west-1')?.description; // 'Europe (Ireland)'
 */
export const findAwsRegion = (code: string): AwsRegion | undefined => REGION_BY_CODE.get(code);

/**
 * True when `text` has the shape of a region code ({@link REGION_CODE_PATTERN}), known to
 * the SDK or not: a region launched after this release still passes.
 *
 * @example
 * isRegionCode('eusc-de-east-1'); // true
 * isRegionCode('US East (Ohio)'); // false
 */
export const isRegionCode = (text: string): boolean =>
  typeof text === 'string' && REGION_CODE_PATTERN.test(text);

/**
 * The partition a region code belongs to: from the SDK's table, else from the partitions'
 * region patterns (so a region launched after this release still maps).
 *
 * @example
 * partitionOfRegion('cn-north-1')?.id; // 'aws-cn'
 */
export function partitionOfRegion(code: string): AwsPartition | undefined {
  const known = REGION_BY_CODE.get(code);
  if (known) return PARTITION_BY_ID.get(known.partition);
  return PATTERNS_BY_SPECIFICITY.find(({ pattern }) => pattern.test(code))?.partition;
}

/**
 * The DNS suffix of a region's endpoints; `amazonaws.com` for a region of no known partition.
 *
 * @example
 * dnsSuffixOfRegion('cn-north-1'); // 'amazonaws.com.cn'
 */
export const dnsSuffixOfRegion = (code: string): string =>
  partitionOfRegion(code)?.dnsSuffix ?? 'amazonaws.com';
