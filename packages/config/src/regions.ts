import { AWS_PARTITIONS } from './aws-partitions.generated.js';
import { closest } from './similarity.js';

/** One AWS partition, as the AWS SDK's partition data describes it. */
export interface AwsPartition {
  id: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
  regionRegex: string;
  regions: ReadonlyArray<readonly [code: string, description: string]>;
}

/** A region the AWS SDK knows, with its partition and its name ("US East (Ohio)"). */
export interface AwsRegion {
  code: string;
  description: string;
  partition: string;
}

/** The shape of every region code: letters, hyphens, a number (`us-east-2`, `us-gov-west-1`). */
export const REGION_CODE_PATTERN = /^[a-z]{2,4}(-[a-z0-9]+)+-\d{1,2}$/;

const REGIONS: readonly AwsRegion[] = AWS_PARTITIONS.flatMap((partition) =>
  partition.regions.map(([code, description]) => ({ code, description, partition: partition.id })),
);
const BY_CODE = new Map(REGIONS.map((region) => [region.code, region]));
// The aws partition's pattern also matches us-gov-… and us-iso-…; try the narrower ones first.
const PARTITIONS_BY_SPECIFICITY = [...AWS_PARTITIONS].sort(
  (a, b) => Number(a.id === 'aws') - Number(b.id === 'aws'),
);

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
export const findAwsRegion = (code: string): AwsRegion | undefined => BY_CODE.get(code);

/**
 * The partition a region code belongs to: from the SDK's table, else from the partitions'
 * region patterns (so a region launched after this release still maps).
 *
 * @example
 * partitionOfRegion('cn-north-1')?.id; // 'aws-cn'
 */
export function partitionOfRegion(code: string): AwsPartition | undefined {
  const known = BY_CODE.get(code);
  if (known) return AWS_PARTITIONS.find((partition) => partition.id === known.partition);
  return PARTITIONS_BY_SPECIFICITY.find((partition) =>
    new RegExp(partition.regionRegex).test(code),
  );
}

const normalize = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
const cityOf = (description: string): string | undefined => /\(([^)]+)\)/.exec(description)?.[1];

/**
 * The region code a user most likely meant: for a region name ("US East (Ohio)", "Ohio"),
 * a code in the wrong case, or a near-miss spelling. Undefined when nothing is close.
 *
 * @example
 * suggestRegion('US East (Ohio)'); // 'us-east-2'
 */
export function suggestRegion(input: string): string | undefined {
  const key = normalize(input);
  if (key.length === 0) return undefined;
  const byName = REGIONS.filter(
    (region) => normalize(region.description) === key || normalize(region.code) === key,
  );
  if (byName.length > 0) return byName[0]!.code;
  // "Ohio" or "Frankfurt": the city alone; prefer the commercial partition when several match.
  const byCity = REGIONS.filter((region) => normalize(cityOf(region.description) ?? '') === key);
  const city = byCity.find((region) => region.partition === 'aws') ?? byCity[0];
  if (city) return city.code;
  return closest(
    input.toLowerCase().trim(),
    REGIONS.map((region) => region.code),
    2,
  );
}

export type RegionCheck =
  | { kind: 'known'; region: AwsRegion }
  | { kind: 'unknown-code'; suggestion?: string }
  | { kind: 'invalid'; suggestion?: string };

/**
 * Classifies a region string: a code the SDK knows, a well-formed code it does not know (a
 * region newer than this release, or a typo), or not a region code at all.
 *
 * @example
 * checkRegion('US East (Ohio)'); // { kind: 'invalid', suggestion: 'us-east-2' }
 */
export function checkRegion(input: string): RegionCheck {
  const region = BY_CODE.get(input);
  if (region) return { kind: 'known', region };
  const suggestion = suggestRegion(input);
  if (REGION_CODE_PATTERN.test(input) && partitionOfRegion(input)) {
    return suggestion ? { kind: 'unknown-code', suggestion } : { kind: 'unknown-code' };
  }
  return suggestion ? { kind: 'invalid', suggestion } : { kind: 'invalid' };
}
