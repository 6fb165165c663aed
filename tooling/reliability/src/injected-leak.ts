import { runChaosSoak } from './chaos-soak.js';
import type { Profile } from './profiles.js';
import type { CheckOutput } from './run.js';
import { heapSlopeDetail } from './soak-memory.js';

/**
 * Proof that the soak's leak gate catches a leak, on this machine and this Node: the same
 * soak (same profile, window and bound) with the leak-injection preload in the sidecar,
 * which retains about 1 KB per request. The figure passes when the heap slope reaches the
 * gate's bound, that is, when the gate would fail the leaking sidecar. Only the heap figure
 * of that run is judged; its texts join the leak scan.
 *
 * @example
 * const { figures } = await runInjectedLeak(CI_PROFILE, bins.sidecar);
 */
export async function runInjectedLeak(profile: Profile, sidecarBin: string): Promise<CheckOutput> {
  const result = await runChaosSoak(profile, sidecarBin, { injectLeak: true });
  const slope = result.heapSlope;
  return {
    figures: [
      {
        check: 'injected leak',
        name: `soak with 1 KB retained per request: heap slope (${slope.bytesPerRequest?.toFixed(0) ?? '?'} bytes/request), above the gate`,
        value: slope.mbPerMinute,
        kind: 'min',
        bound: profile.soak.heapSlopeMaxMbPerMinute,
        unit: 'MB/min',
        detail: heapSlopeDetail(slope),
      },
    ],
    texts: result.texts.map((text) => ({ ...text, source: `${text.source}, injected leak` })),
    needles: result.needles,
  };
}
