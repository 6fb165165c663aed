/** The AWS services the emulator speaks. */
export type ServiceName = 'sts' | 'secretsmanager' | 'kms';

/**
 * Which endpoint a request stands for, decided by its Host header.
 * - `aws`: a real AWS hostname; that endpoint's service and region rules apply.
 * - `local`: the emulator's own address; any service, any region (from the signature).
 */
export type Endpoint =
  | { kind: 'aws'; host: string; service: ServiceName; region: string; global: boolean }
  | { kind: 'local'; host: string }
  | { kind: 'unknown-aws'; host: string };

const SERVICE_HOST =
  /^(sts|secretsmanager|kms)(?:-fips)?(?:\.([a-z]{2}(?:-[a-z]+)+-\d{1,2}))?\.amazonaws\.com(?:\.cn)?$/;

/**
 * Maps a Host header to the endpoint it names.
 *
 * @example
 * resolveEndpoint('sts.amazonaws.com'); // { kind: 'aws', service: 'sts', region: 'us-east-1', global: true, ... }
 * resolveEndpoint('127.0.0.1:4566'); // { kind: 'local', host: '127.0.0.1:4566' }
 */
export function resolveEndpoint(hostHeader: string | undefined): Endpoint {
  const host = (hostHeader ?? '').toLowerCase();
  const hostname = host.replace(/:\d+$/, '');
  const match = SERVICE_HOST.exec(hostname);
  if (match) {
    const service = match[1] as ServiceName;
    const region = match[2];
    if (region) return { kind: 'aws', host, service, region, global: false };
    // Only STS has a global endpoint; it lives in us-east-1 (aws-cn's in cn-north-1).
    if (service === 'sts') {
      const cn = hostname.endsWith('.cn');
      return { kind: 'aws', host, service, region: cn ? 'cn-north-1' : 'us-east-1', global: true };
    }
    return { kind: 'unknown-aws', host };
  }
  if (hostname.endsWith('.amazonaws.com') || hostname.endsWith('.amazonaws.com.cn')) {
    return { kind: 'unknown-aws', host };
  }
  return { kind: 'local', host };
}
