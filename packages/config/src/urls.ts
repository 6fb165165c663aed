import { AWS_PARTITIONS } from './aws-partitions.generated.js';

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/**
 * True for hosts that never leave the machine: `localhost` (and `*.localhost`), 127.0.0.0/8
 * and `[::1]`. Plain http is accepted only for these, for the local emulator.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * An https URL (http only for a loopback host), without credentials, query or fragment.
 * Messages echo the URL, which holds no secret once credentials are refused; the
 * credentials case does not echo it.
 */
export function checkServiceUrl(input: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return {
      ok: false,
      message: `expected an absolute URL such as https://host; got '${clip(input)}'`,
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'must not contain a user name or password' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message:
        'must use https; plain http is allowed only for localhost, 127.0.0.1 or [::1] (a local emulator)',
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `must be an https URL; got the scheme ${url.protocol}` };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'must not have a query or fragment' };
  }
  return { ok: true, url };
}

/** What an AWS endpoint host name says about itself. */
export interface AwsHost {
  service: string;
  /** Absent for a global endpoint such as sts.amazonaws.com. */
  region?: string;
  partition: string;
  fips: boolean;
  vpce: boolean;
}

const SUFFIXES = AWS_PARTITIONS.flatMap((partition) => [
  { suffix: partition.dnsSuffix, partition: partition.id },
  { suffix: partition.dualStackDnsSuffix, partition: partition.id },
]).sort((a, b) => b.suffix.length - a.suffix.length);

/**
 * Reads an AWS endpoint host: `sts.amazonaws.com`, `sts.us-west-1.amazonaws.com`,
 * `sts-fips.us-east-1.amazonaws.com`, `secretsmanager.eu-west-1.api.aws`,
 * `vpce-0a1b-c2d3.sts.us-east-1.vpce.amazonaws.com`. Undefined when the host is not AWS's.
 *
 * @example
 * parseAwsHost('sts.us-west-1.amazonaws.com'); // { service: 'sts', region: 'us-west-1', ... }
 */
export function parseAwsHost(hostname: string): AwsHost | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const match = SUFFIXES.find(({ suffix }) => host.endsWith(`.${suffix}`));
  if (!match) return undefined;
  const labels = host.slice(0, -(match.suffix.length + 1)).split('.');
  const vpce = labels[labels.length - 1] === 'vpce';
  if (vpce) labels.pop();
  if (labels.length === 0) return undefined;
  let region: string | undefined;
  let serviceLabel: string;
  if (labels.length === 1) {
    serviceLabel = labels[0]!;
  } else {
    region = labels[labels.length - 1]!;
    serviceLabel = labels[labels.length - 2]!;
  }
  const fips = serviceLabel.endsWith('-fips');
  const service = fips ? serviceLabel.slice(0, -'-fips'.length) : serviceLabel;
  const host_: AwsHost = { service, partition: match.partition, fips, vpce };
  if (region !== undefined) host_.region = region;
  return host_;
}

const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 97)}...` : text);
