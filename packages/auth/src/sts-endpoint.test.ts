import { describe, expect, it } from 'vitest';
import { isAuthError } from './errors.js';
import { resolveStsEndpoint, type StsEndpoint } from './sts-endpoint.js';
import type { StsVaultFields } from './vault.js';

describe('resolveStsEndpoint', () => {
  it.each<[string, StsVaultFields, StsEndpoint]>([
    [
      'no stsEndpoint: the global endpoint, signed us-east-1 whatever the vault region',
      { region: 'us-east-2' },
      { url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1', kind: 'global' },
    ],
    [
      'explicit global endpoint with stsEndpointRegion us-east-1',
      {
        region: 'eu-west-1',
        stsEndpoint: 'https://sts.amazonaws.com/',
        stsEndpointRegion: 'us-east-1',
      },
      { url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1', kind: 'global' },
    ],
    [
      'no stsEndpoint, stsEndpointRegion us-east-1',
      { region: 'us-east-2', stsEndpointRegion: 'us-east-1' },
      { url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1', kind: 'global' },
    ],
    [
      'regional host without stsEndpointRegion: the host region',
      { region: 'us-east-2', stsEndpoint: 'https://sts.us-west-1.amazonaws.com' },
      { url: 'https://sts.us-west-1.amazonaws.com', signingRegion: 'us-west-1', kind: 'regional' },
    ],
    [
      'regional host with the same stsEndpointRegion',
      {
        region: 'us-east-2',
        stsEndpoint: 'https://sts.us-west-1.amazonaws.com',
        stsEndpointRegion: 'us-west-1',
      },
      { url: 'https://sts.us-west-1.amazonaws.com', signingRegion: 'us-west-1', kind: 'regional' },
    ],
    [
      'FIPS regional host',
      { region: 'us-gov-west-1', stsEndpoint: 'https://sts-fips.us-gov-west-1.amazonaws.com' },
      {
        url: 'https://sts-fips.us-gov-west-1.amazonaws.com',
        signingRegion: 'us-gov-west-1',
        kind: 'regional',
      },
    ],
    [
      'China regional host',
      { region: 'cn-north-1', stsEndpoint: 'https://sts.cn-northwest-1.amazonaws.com.cn' },
      {
        url: 'https://sts.cn-northwest-1.amazonaws.com.cn',
        signingRegion: 'cn-northwest-1',
        kind: 'regional',
      },
    ],
    [
      'dual-stack regional host',
      { region: 'eu-central-1', stsEndpoint: 'https://sts.eu-central-1.api.aws' },
      { url: 'https://sts.eu-central-1.api.aws', signingRegion: 'eu-central-1', kind: 'regional' },
    ],
    [
      'interface VPC endpoint for STS',
      {
        region: 'ap-southeast-2',
        stsEndpoint: 'https://vpce-0abc123-xyz.sts.ap-southeast-2.vpce.amazonaws.com',
      },
      {
        url: 'https://vpce-0abc123-xyz.sts.ap-southeast-2.vpce.amazonaws.com',
        signingRegion: 'ap-southeast-2',
        kind: 'regional',
      },
    ],
    [
      'regional host in a newer partition (its own DNS suffix)',
      { region: 'eusc-de-east-1', stsEndpoint: 'https://sts.eusc-de-east-1.amazonaws.eu' },
      {
        url: 'https://sts.eusc-de-east-1.amazonaws.eu',
        signingRegion: 'eusc-de-east-1',
        kind: 'regional',
      },
    ],
    [
      'custom host without stsEndpointRegion: the vault region',
      { region: 'eu-west-3', stsEndpoint: 'https://sts-proxy.corp.example:8443' },
      { url: 'https://sts-proxy.corp.example:8443', signingRegion: 'eu-west-3', kind: 'custom' },
    ],
    [
      'custom host with stsEndpointRegion',
      { region: 'eu-west-3', stsEndpoint: 'http://127.0.0.1:4566', stsEndpointRegion: 'us-west-2' },
      { url: 'http://127.0.0.1:4566', signingRegion: 'us-west-2', kind: 'custom' },
    ],
  ])('%s', (_title, vault, expected) => {
    expect(resolveStsEndpoint(vault)).toEqual(expected);
  });

  it.each<[string, StsVaultFields, RegExp]>([
    [
      'global endpoint with another stsEndpointRegion',
      {
        region: 'us-east-2',
        stsEndpoint: 'https://sts.amazonaws.com',
        stsEndpointRegion: 'us-east-2',
      },
      /only accepts signatures for us-east-1.*https:\/\/sts\.us-east-2\.amazonaws\.com/,
    ],
    [
      'stsEndpointRegion without stsEndpoint (global endpoint implied)',
      { region: 'us-east-2', stsEndpointRegion: 'us-west-1' },
      /because stsEndpoint is not set.*https:\/\/sts\.us-west-1\.amazonaws\.com/,
    ],
    [
      'regional host contradicted by stsEndpointRegion',
      {
        region: 'us-east-2',
        stsEndpoint: 'https://sts.us-west-1.amazonaws.com',
        stsEndpointRegion: 'us-east-2',
      },
      /is in us-west-1.*scoped to us-west-1/,
    ],
  ])('STS_REGION_MISMATCH: %s', (_title, vault, message) => {
    const error = (() => {
      try {
        resolveStsEndpoint(vault);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STS_REGION_MISMATCH',
      message: expect.stringMatching(message),
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as { hint: string }).hint).toMatch(/stsEndpointRegion/);
  });

  it("names the STS host when the product document's secretsmanager example is used", () => {
    expect(() =>
      resolveStsEndpoint({
        region: 'us-west-1',
        stsEndpoint: 'https://secretsmanager.us-west-1.amazonaws.com',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('Set stsEndpoint to https://sts.us-west-1.amazonaws.com'),
      }),
    );
  });

  it('names the STS host of the partition of a non-STS host', () => {
    expect(() =>
      resolveStsEndpoint({
        region: 'cn-north-1',
        stsEndpoint: 'https://kms.cn-north-1.amazonaws.com.cn',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('https://sts.cn-north-1.amazonaws.com.cn'),
      }),
    );
  });

  it('rejects a value that is not a URL', () => {
    expect(() => resolveStsEndpoint({ region: 'us-east-1', stsEndpoint: 'sts.us-east-1' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
