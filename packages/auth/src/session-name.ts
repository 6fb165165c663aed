import { hostname as osHostname } from 'node:os';

const MAX = 64;
const INVALID = /[^\w+=,.@-]+/g;

/**
 * A RoleSessionName for sts:AssumeRole derived from the host name: `vaultline-<host>`,
 * reduced to the characters STS accepts (`[\w+=,.@-]`), at most 64 characters. The
 * session name shows up in CloudTrail, so the host is the useful part to keep.
 *
 * @example
 * deriveSessionName('ip-10-0-0-12.ec2.internal'); // 'vaultline-ip-10-0-0-12.ec2.internal'
 * deriveSessionName('Jane\'s MacBook Pro');        // 'vaultline-Jane-s-MacBook-Pro'
 */
export function deriveSessionName(hostname: string = osHostname()): string {
  const cleaned = hostname.replace(INVALID, '-').replace(/^-+|-+$/g, '');
  const name = cleaned ? `vaultline-${cleaned}` : 'vaultline';
  return name.slice(0, MAX).replace(/-+$/, '');
}

/**
 * True when `name` is a valid RoleSessionName (2 to 64 of `[\w+=,.@-]`).
 *
 * @example
 * isValidSessionName('ci build'); // false
 */
export function isValidSessionName(name: string): boolean {
  return /^[\w+=,.@-]{2,64}$/.test(name);
}
