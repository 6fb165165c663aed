import { findAwsPartition, parseAwsHost } from '@vaultline/secret-names';

/** The AWS services the emulator speaks. */
export type ServiceName = 'sts' | 'secretsmanager' | 'kms' | 'ssm';

/**
 * Which endpoint a request stands for, decided by its Host header.
 * - `aws`: a real AWS hostname; that endpoint's service and region rules apply.
 * - `local`: the emulator's own address; any service, any region (from the signature).
 */
export type Endpoint =
  | { kind: 'aws'; host: string; service: ServiceName; region: string; global: boolean }
  | { kind: 'local'; host: string }
  | { kind: 'unknown-aws'; host: string };

const SERVICES: readonly string[] = ['sts', 'secretsmanager', 'kms', 'ssm'] satisfies ServiceName[];

/**
 * Maps a Host header to the endpoint it names (AWS host names are read by
 * `@vaultline/secret-names`' parseAwsHost).
 *
 * @example
 * resolveEndpoint('sts.amazonaws.com'); // { kind: 'aws', service: 'sts', region: 'us-east-1', global: true, ... }
 * resolveEndpoint('127.0.0.1:4566'); // { kind: 'local', host: '127.0.0.1:4566' }
 */
export function resolveEndpoint(hostHeader: string | undefined): Endpoint {
  const host = (hostHeader ?? '').toLowerCase();
  const aws = parseAwsHost(host.replace(/:\d+$/, ''));
  if (!aws) return { kind: 'local', host };
  if (aws.vpce || !SERVICES.includes(aws.service)) return { kind: 'unknown-aws', host };
  const service = aws.service as ServiceName;
  if (aws.region) return { kind: 'aws', host, service, region: aws.region, global: false };
  // Only STS has a global endpoint; it is signed for the partition's implicit global
  // region (us-east-1 for sts.amazonaws.com).
  const region =
    service === 'sts' ? findAwsPartition(aws.partition)?.implicitGlobalRegion : undefined;
  return region
    ? { kind: 'aws', host, service, region, global: true }
    : { kind: 'unknown-aws', host };
}
