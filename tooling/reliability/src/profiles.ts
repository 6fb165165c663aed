/** The numbers of one run of the suite; `full` is `pnpm reliability`, `ci` the short one. */
export interface Profile {
  name: 'full' | 'ci';
  soak: {
    /** Load without faults before the soak's clock starts, so JIT and heap settle. */
    warmupMs: number;
    /** Total soak duration. */
    durationMs: number;
    /** Concurrent keep-alive clients. */
    clients: number;
    /** When the upstream outage starts (from the soak's start) and how long it lasts. */
    outageAtMs: number;
    outageMs: number;
    /** RSS growth (reported, not gated) is measured between this time and the end. */
    memoryFromMs: number;
    /**
     * The leak gate's window: the heap held by objects after a forced GC is fitted from
     * this time (5 s after the outage) to the end of the soak. 20 s in both profiles: the
     * slope's noise depends on the window's length, and the bound was chosen for 20 s.
     */
    heapFromMs: number;
    /**
     * The leak gate: the fitted slope over that window must stay at or below this. Clean
     * 20 s windows measured -3.9 to +4.3 MB/min on Node 22, 24 and 26 on a loaded 2-core
     * machine; a 1 KB-per-request leak measured 12 to 231 MB/min (README.md).
     */
    heapSlopeMaxMbPerMinute: number;
    /**
     * Lifetime of every temporary credential the emulator issues. Shorter than the outage,
     * so the credentials held when it starts always expire inside it: the renewal must
     * fail and cached values must still be served.
     */
    credentialLifetimeSeconds: number;
    /** Sidecar cache TTL: short, so values refresh (and fail to) under faults. */
    ttlSeconds: number;
    /** Hot secrets (warmed before the faults) and cold ones (asked for only in the outage). */
    hotSecrets: number;
    coldSecrets: number;
    /** A client request with no answer after this long counts as a hang. */
    hangAfterMs: number;
    /** Upper bound of requests over the whole soak. */
    maxRequests: number;
  };
  fuzz: {
    /** fast-check runs (and a time limit) of the HTTP properties. */
    httpRuns: number;
    /** fast-check runs of each parser property. */
    parserRuns: number;
    timeLimitMs: number;
  };
}

/** `pnpm reliability`: the numbers (60 s, 100 clients, a 10 s outage at 25 s). */
export const FULL_PROFILE: Profile = {
  name: 'full',
  soak: {
    warmupMs: 2_000,
    durationMs: 60_000,
    clients: 100,
    outageAtMs: 25_000,
    outageMs: 10_000,
    memoryFromMs: 20_000,
    heapFromMs: 40_000,
    heapSlopeMaxMbPerMinute: 10,
    credentialLifetimeSeconds: 8,
    ttlSeconds: 3,
    hotSecrets: 40,
    coldSecrets: 400,
    hangAfterMs: 15_000,
    maxRequests: 3_000_000,
  },
  fuzz: { httpRuns: 1500, parserRuns: 3000, timeLimitMs: 60_000 },
};

/**
 * `pnpm reliability:ci`: the same checks, shorter (a 15 s warm-up, a 35 s soak with a 4 s
 * outage at 6 s, the leak gate over its last 20 s).
 */
export const CI_PROFILE: Profile = {
  name: 'ci',
  soak: {
    warmupMs: 15_000,
    durationMs: 35_000,
    clients: 100,
    outageAtMs: 6_000,
    outageMs: 4_000,
    memoryFromMs: 5_000,
    heapFromMs: 15_000,
    heapSlopeMaxMbPerMinute: 10,
    credentialLifetimeSeconds: 3,
    ttlSeconds: 2,
    hotSecrets: 20,
    coldSecrets: 200,
    hangAfterMs: 12_000,
    maxRequests: 1_000_000,
  },
  fuzz: { httpRuns: 300, parserRuns: 600, timeLimitMs: 20_000 },
};

/**
 * The profile of a name, `full` or `ci`.
 *
 * @example
 * profileNamed('ci').soak.durationMs; // 35000
 */
export function profileNamed(name: string): Profile {
  if (name === 'full') return FULL_PROFILE;
  if (name === 'ci') return CI_PROFILE;
  throw new Error(`unknown profile '${name}': expected 'full' or 'ci'`);
}
