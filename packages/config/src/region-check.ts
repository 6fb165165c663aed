import {
  type AwsRegion,
  findAwsRegion,
  isRegionCode,
  listAwsRegions,
  partitionOfRegion,
} from '@vaultline/secret-names';
import { closest } from './similarity.js';

// Region data and shapes live in @vaultline/secret-names (aws-regions.ts); this module turns
// what a user typed into a verdict and a "did you mean".
const REGIONS = listAwsRegions();

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
  const region = findAwsRegion(input);
  if (region) return { kind: 'known', region };
  const suggestion = suggestRegion(input);
  if (isRegionCode(input) && partitionOfRegion(input)) {
    return suggestion ? { kind: 'unknown-code', suggestion } : { kind: 'unknown-code' };
  }
  return suggestion ? { kind: 'invalid', suggestion } : { kind: 'invalid' };
}
