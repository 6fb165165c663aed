// The token check of both bench baselines (sidecar-bare-server.mjs, sidecar-floor-server.mjs),
// made the way the sidecar makes it: SHA-256 digests compared with crypto.timingSafeEqual.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value) => createHash('sha256').update(value).digest();

/** A function telling whether a presented header value is `token`. */
export function tokenChecker(token) {
  const expected = digest(token);
  return (presented) =>
    typeof presented === 'string' && timingSafeEqual(digest(presented), expected);
}
