import { describe, expect, it } from 'vitest';
import { checkRegion, findAwsRegion, partitionOfRegion, suggestRegion } from './regions.js';

describe('suggestRegion', () => {
  it.each([
    ['US East (Ohio)', 'us-east-2'],
    ['us east (ohio)', 'us-east-2'],
    ['US East (N. Virginia)', 'us-east-1'],
    ['Europe (Ireland)', 'eu-west-1'],
    ['Ohio', 'us-east-2'],
    ['Frankfurt', 'eu-central-1'],
    ['US-EAST-2', 'us-east-2'],
    ['us-east2', 'us-east-2'],
    ['useast-1', 'us-east-1'],
    ['eu-wst-1', 'eu-west-1'],
    ['AWS GovCloud (US-West)', 'us-gov-west-1'],
    ['China (Beijing)', 'cn-north-1'],
  ])('%s → %s', (input, expected) => {
    expect(suggestRegion(input)).toBe(expected);
  });

  it.each(['', 'mars', 'xxxxxxxxxxxxxxxxxxxxxxxxx', 'x'.repeat(500)])(
    'nothing close to %j',
    (input) => {
      expect(suggestRegion(input)).toBeUndefined();
    },
  );
});

describe('checkRegion', () => {
  it.each([
    ['us-east-2', 'known'],
    ['cn-northwest-1', 'known'],
    ['us-gov-east-1', 'known'],
    ['us-east-9', 'unknown-code'],
    ['eu-north-7', 'unknown-code'],
    ['US East (Ohio)', 'invalid'],
    ['us-east', 'invalid'],
    ['aws-global', 'invalid'],
    ['zz-east-1', 'invalid'],
    ['', 'invalid'],
  ])('%j is %s', (input, kind) => {
    expect(checkRegion(input).kind).toBe(kind);
  });

  it('says what a region name meant', () => {
    expect(checkRegion('US East (Ohio)')).toEqual({ kind: 'invalid', suggestion: 'us-east-2' });
  });
});

describe('partitionOfRegion', () => {
  it.each([
    ['us-east-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-9', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-east-9', 'aws'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)?.id).toBe(partition);
  });

  it('knows nothing of a non-region', () => {
    expect(partitionOfRegion('mars-1')).toBeUndefined();
  });
});

it('findAwsRegion returns the description the SDK gives', () => {
  expect(findAwsRegion('us-east-2')).toEqual({
    code: 'us-east-2',
    description: 'US East (Ohio)',
    partition: 'aws',
  });
  expect(findAwsRegion('nowhere-1')).toBeUndefined();
});
