import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from './endpoint.js';

describe('resolveEndpoint', () => {
  it.each([
    ['sts.amazonaws.com', { kind: 'aws', service: 'sts', region: 'us-east-1', global: true }],
    [
      'sts.us-west-1.amazonaws.com',
      { kind: 'aws', service: 'sts', region: 'us-west-1', global: false },
    ],
    ['sts-fips.us-east-2.amazonaws.com', { kind: 'aws', service: 'sts', region: 'us-east-2' }],
    ['sts.cn-north-1.amazonaws.com.cn', { kind: 'aws', service: 'sts', region: 'cn-north-1' }],
    [
      'secretsmanager.eu-west-1.amazonaws.com',
      { kind: 'aws', service: 'secretsmanager', region: 'eu-west-1' },
    ],
    [
      'secretsmanager-fips.us-east-1.amazonaws.com:443',
      { kind: 'aws', service: 'secretsmanager', region: 'us-east-1' },
    ],
    ['kms.ap-southeast-2.amazonaws.com', { kind: 'aws', service: 'kms', region: 'ap-southeast-2' }],
    [
      'secretsmanager.eusc-de-east-1.amazonaws.eu',
      { kind: 'aws', service: 'secretsmanager', region: 'eusc-de-east-1', global: false },
    ],
    ['sts.eu-west-1.api.aws', { kind: 'aws', service: 'sts', region: 'eu-west-1' }],
    ['127.0.0.1:4566', { kind: 'local' }],
    ['localhost:4566', { kind: 'local' }],
    ['s3.amazonaws.com', { kind: 'unknown-aws' }],
    ['secretsmanager.amazonaws.com', { kind: 'unknown-aws' }],
    ['vpce-0a1b.kms.us-east-1.vpce.amazonaws.com', { kind: 'unknown-aws' }],
  ])('%s', (host, expected) => {
    expect(resolveEndpoint(host)).toMatchObject(expected);
  });
});
