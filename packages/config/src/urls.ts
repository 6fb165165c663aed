import { isIP } from 'node:net';

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/**
 * Whether an address is loopback: 127.0.0.0/8, ::1 (bracketed or not), an IPv4-mapped
 * loopback, or `localhost`. For addresses to bind or connect to, where a name other than
 * `localhost` could resolve anywhere.
 *
 * @example
 * isLoopbackAddress('127.0.0.1'); // true
 * isLoopbackAddress('0.0.0.0'); // false
 */
export function isLoopbackAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * True for URL hosts that never leave the machine: a loopback address (`localhost`,
 * 127.0.0.0/8, `[::1]`) and `*.localhost`. Plain http is accepted only for these, for the
 * local emulator.
 *
 * @example
 * isLoopbackHost(new URL('http://emulator.localhost:4566').hostname); // true
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host.endsWith('.localhost') || isLoopbackAddress(host);
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

const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 97)}...` : text);
