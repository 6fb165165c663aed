import { describe, expect, it } from 'vitest';
import {
  dnsSuffixOfRegion,
  findAwsPartition,
  findAwsRegion,
  isAwsPartitionId,
  isRegionCode,
  listAwsPartitions,
  partitionOfRegion,
} from './aws-regions.js';

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

describe('isRegionCode', () => {
  it.each([
    'us-east-2',
    'us-gov-west-1',
    'us-isob-east-1',
    'cn-northwest-1',
    'eusc-de-east-1',
    'eu-isoe-west-1',
    'us-east-9',
  ])('%s has the shape of a region code', (code) => {
    expect(isRegionCode(code)).toBe(true);
  });

  it.each([
    'US East (Ohio)',
    'us-east',
    'us-east-2a',
    'aws-global',
    'US-EAST-2',
    '',
    'us-east-123',
  ])('%j does not', (text) => {
    expect(isRegionCode(text)).toBe(false);
  });

  it('accepts every region the SDK knows', () => {
    const codes = listAwsPartitions().flatMap((partition) => partition.regions.map(([c]) => c));
    expect(codes.filter((code) => !isRegionCode(code))).toEqual([]);
  });
});

describe('partitions', () => {
  it.each([
    ['us-east-2', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'amazonaws.com'],
    ['eusc-de-east-1', 'amazonaws.eu'],
    ['mars-1', 'amazonaws.com'],
  ])('the endpoints of %s end in %s', (region, suffix) => {
    expect(dnsSuffixOfRegion(region)).toBe(suffix);
  });

  it('finds a partition by id', () => {
    expect(findAwsPartition('aws')?.implicitGlobalRegion).toBe('us-east-1');
    expect(findAwsPartition('azure')).toBeUndefined();
    expect(isAwsPartitionId('aws-eusc')).toBe(true);
    expect(isAwsPartitionId('azure')).toBe(false);
  });
});
