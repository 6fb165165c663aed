import {
  chooseStsEndpoint,
  GLOBAL_STS_ENDPOINT,
  GLOBAL_STS_SIGNING_REGION,
  type StsEndpoint,
} from '@vaultline/config';
import { AuthError } from './errors.js';
import { AUTH_HINTS } from './hints.js';
import type { StsVaultFields } from './vault.js';

export { GLOBAL_STS_ENDPOINT, GLOBAL_STS_SIGNING_REGION, type StsEndpoint };

/**
 * Applies the STS endpoint rules of `@vaultline/config` (`chooseStsEndpoint`, which
 * `validate` applies too, with the same messages) to a vault, before any call:
 * `stsEndpoint` when set, otherwise the global endpoint in the regions every account has
 * enabled and the regional endpoint in opt-in regions and other partitions. Contradictions
 * throw `AuthError` STS_REGION_MISMATCH; a non-STS AWS host throws INVALID_CONFIG.
 *
 * @example
 * resolveStsEndpoint({ region: 'us-east-2' });
 * // { url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1', kind: 'global' }
 * resolveStsEndpoint({ region: 'ap-east-1' });
 * // { url: 'https://sts.ap-east-1.amazonaws.com', signingRegion: 'ap-east-1', kind: 'regional' }
 */
export function resolveStsEndpoint(vault: StsVaultFields): StsEndpoint {
  const result = chooseStsEndpoint(vault);
  if (result.ok) return result.value;
  const { code, message } = result.problem;
  if (code === 'STS_REGION_MISMATCH') {
    throw new AuthError('STS_REGION_MISMATCH', message, {
      cause: new Error(message),
      hint: AUTH_HINTS.stsRegion,
    });
  }
  throw new AuthError('INVALID_CONFIG', message, {
    cause: new Error(`stsEndpoint ${vault.stsEndpoint}`),
    hint:
      code === 'INVALID_STS_ENDPOINT' && /is a \S+ endpoint/.test(message)
        ? AUTH_HINTS.stsRegion
        : AUTH_HINTS.config,
  });
}
