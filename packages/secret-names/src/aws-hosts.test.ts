import { describe, expect, it } from 'vitest';
import { awsServiceHost, parseAwsHost } from './aws-hosts.js';

describe('parseAwsHost', () => {
  it.each([
    ['sts.amazonaws.com', { service: 'sts', partition: 'aws', fips: false, vpce: false }],
    [
      'sts.us-west-1.amazonaws.com',
      { service: 'sts', region: 'us-west-1', partition: 'aws', fips: false, vpce: false },
    ],
    [
      'sts-fips.us-east-1.amazonaws.com',
      { service: 'sts', region: 'us-east-1', partition: 'aws', fips: true, vpce: false },
    ],
    [
      'sts.cn-north-1.amazonaws.com.cn',
      { service: 'sts', region: 'cn-north-1', partition: 'aws-cn', fips: false, vpce: false },
    ],
    [
      'secretsmanager.eu-west-1.api.aws',
      {
        service: 'secretsmanager',
        region: 'eu-west-1',
        partition: 'aws',
        fips: false,
        vpce: false,
      },
    ],
    [
      'vpce-0a1b-c2d3.sts.us-east-1.vpce.amazonaws.com',
      { service: 'sts', region: 'us-east-1', partition: 'aws', fips: false, vpce: true },
    ],
    [
      'secretsmanager.us-west-1.amazonaws.com',
      {
        service: 'secretsmanager',
        region: 'us-west-1',
        partition: 'aws',
        fips: false,
        vpce: false,
      },
    ],
  ])('%s', (host, expected) => {
    expect(parseAwsHost(host)).toEqual(expected);
  });

  it.each(['example.com', 'localhost', 'amazonaws.com', 'sts.example.org'])(
    '%s is not an AWS host',
    (host) => {
      expect(parseAwsHost(host)).toBeUndefined();
    },
  );
});

describe('parseAwsHost beyond the commercial partition', () => {
  it.each([
    [
      'sts.us-gov-west-1.amazonaws.com',
      {
        service: 'sts',
        region: 'us-gov-west-1',
        partition: 'aws-us-gov',
        fips: false,
        vpce: false,
      },
    ],
    [
      'secretsmanager.eusc-de-east-1.amazonaws.eu',
      {
        service: 'secretsmanager',
        region: 'eusc-de-east-1',
        partition: 'aws-eusc',
        fips: false,
        vpce: false,
      },
    ],
    ['STS.AMAZONAWS.COM.', { service: 'sts', partition: 'aws', fips: false, vpce: false }],
    ['bucket.s3.amazonaws.com', { service: 's3', partition: 'aws', fips: false, vpce: false }],
  ])('%s', (host, expected) => {
    expect(parseAwsHost(host)).toEqual(expected);
  });

  it.each(['.amazonaws.com', 'vpce.amazonaws.com', 'sts..amazonaws.com'])(
    '%s names no service',
    (host) => {
      expect(parseAwsHost(host)).toBeUndefined();
    },
  );
});

describe('awsServiceHost', () => {
  it.each([
    ['sts', 'us-west-1', undefined, 'sts.us-west-1.amazonaws.com'],
    ['sts', 'cn-northwest-1', undefined, 'sts.cn-northwest-1.amazonaws.com.cn'],
    ['secretsmanager', 'eusc-de-east-1', undefined, 'secretsmanager.eusc-de-east-1.amazonaws.eu'],
    ['secretsmanager', 'cn-north-1', 'aws-cn', 'secretsmanager.cn-north-1.amazonaws.com.cn'],
    ['secretsmanager', 'us-east-1', 'aws-cn', 'secretsmanager.us-east-1.amazonaws.com.cn'],
    ['kms', 'mars-1', undefined, 'kms.mars-1.amazonaws.com'],
  ])('%s in %s (partition %s) is %s', (service, region, partition, host) => {
    expect(awsServiceHost(service, region, partition)).toBe(host);
  });

  it('round-trips through parseAwsHost', () => {
    expect(parseAwsHost(awsServiceHost('kms', 'us-iso-east-1'))).toEqual({
      service: 'kms',
      region: 'us-iso-east-1',
      partition: 'aws-iso',
      fips: false,
      vpce: false,
    });
  });
});
