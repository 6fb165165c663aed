import { describe, expect, it } from 'vitest';
import { explainStsEndpoint } from './sts-endpoint.js';

describe('explainStsEndpoint', () => {
  it.each([
    [
      'a region every account has enabled: the seed default, global',
      { region: 'us-east-2' },
      {
        url: 'https://sts.amazonaws.com',
        signingRegion: 'us-east-1',
        kind: 'global',
        reason: 'default-global',
      },
      'valid in us-east-2, a region every account has enabled',
    ],
    [
      'an opt-in region: regional',
      { region: 'ap-east-1' },
      {
        url: 'https://sts.ap-east-1.amazonaws.com',
        signingRegion: 'ap-east-1',
        kind: 'regional',
        reason: 'default-regional-opt-in-region',
      },
      'ap-east-1 is an opt-in region',
    ],
    [
      'another partition: regional',
      { region: 'cn-north-1' },
      {
        url: 'https://sts.cn-north-1.amazonaws.com.cn',
        signingRegion: 'cn-north-1',
        kind: 'regional',
        reason: 'default-regional-partition',
      },
      'cn-north-1 is in partition aws-cn, which the global endpoint https://sts.amazonaws.com does not serve',
    ],
    [
      'a configured regional host: signed for its region',
      { region: 'us-east-2', stsEndpoint: 'https://sts.us-west-1.amazonaws.com' },
      {
        url: 'https://sts.us-west-1.amazonaws.com',
        signingRegion: 'us-west-1',
        kind: 'regional',
        reason: 'configured',
      },
      'vault.stsEndpoint is set; signed for us-west-1, the region of its host',
    ],
    [
      'a configured custom host with stsEndpointRegion',
      { region: 'us-east-2', stsEndpoint: 'http://127.0.0.1:4566', stsEndpointRegion: 'eu-west-1' },
      {
        url: 'http://127.0.0.1:4566',
        signingRegion: 'eu-west-1',
        kind: 'custom',
        reason: 'configured',
      },
      'signed for eu-west-1, as vault.stsEndpointRegion says',
    ],
    [
      'a configured custom host without stsEndpointRegion: vault.region',
      { region: 'us-east-2', stsEndpoint: 'http://127.0.0.1:4566' },
      { signingRegion: 'us-east-2', kind: 'custom', reason: 'configured' },
      'signed for us-east-2, vault.region',
    ],
    [
      'the global host configured',
      { region: 'ap-east-1', stsEndpoint: 'https://sts.amazonaws.com' },
      { signingRegion: 'us-east-1', kind: 'global', reason: 'configured' },
      'the global endpoint accepts signatures for us-east-1 only',
    ],
  ])('%s', (_name, vault, expected, words) => {
    const result = explainStsEndpoint(vault);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject(expected);
    expect(result.value.explanation).toContain(words);
  });

  it('refuses what chooseStsEndpoint refuses, with the same problem', () => {
    const result = explainStsEndpoint({
      region: 'us-east-2',
      stsEndpoint: 'https://secretsmanager.us-west-1.amazonaws.com',
    });
    expect(result).toMatchObject({
      ok: false,
      problem: { code: 'INVALID_STS_ENDPOINT', field: 'stsEndpoint' },
    });
  });
});
