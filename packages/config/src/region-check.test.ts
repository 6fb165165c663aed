import { describe, expect, it } from 'vitest';
import { checkRegion, suggestRegion } from './region-check.js';

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
