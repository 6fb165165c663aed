/** Faults injected into one action (or into every action, under the key `*`). */
export interface FaultSpec {
  /** Probability (0..1) of answering ThrottlingException. */
  throttleProbability?: number;
  /** Probability (0..1) of answering an internal server error (HTTP 500). */
  internalErrorProbability?: number;
  /** Added latency in milliseconds before the request is handled. */
  latencyMs?: number;
  /** Probability (0..1) of destroying the connection without a response. */
  connectionResetProbability?: number;
  /** When true, every request fails with HTTP 503 ServiceUnavailable. */
  outage?: boolean;
}

/** The fault decided for one request. */
export type FaultOutcome = 'throttle' | 'internal' | 'reset' | 'outage' | undefined;

/** Fault settings by action name (`secretsmanager:GetSecretValue`, or `*` for all). */
export class FaultTable {
  private readonly faults = new Map<string, FaultSpec>();

  set(action: string, spec: FaultSpec): void {
    this.faults.set(action, { ...spec });
  }

  clear(): void {
    this.faults.clear();
  }

  snapshot(): Record<string, FaultSpec> {
    return Object.fromEntries(this.faults);
  }

  /** The latency to add and the fault to apply to one request of `action`. */
  decide(
    action: string,
    random: () => number = Math.random,
  ): { latencyMs: number; outcome: FaultOutcome } {
    const specific = this.faults.get(action);
    const global = this.faults.get('*');
    const latencyMs = (specific?.latencyMs ?? 0) + (global?.latencyMs ?? 0);
    for (const spec of [specific, global]) {
      if (!spec) continue;
      if (spec.outage) return { latencyMs, outcome: 'outage' };
      if (spec.connectionResetProbability && random() < spec.connectionResetProbability) {
        return { latencyMs, outcome: 'reset' };
      }
      if (spec.throttleProbability && random() < spec.throttleProbability) {
        return { latencyMs, outcome: 'throttle' };
      }
      if (spec.internalErrorProbability && random() < spec.internalErrorProbability) {
        return { latencyMs, outcome: 'internal' };
      }
    }
    return { latencyMs, outcome: undefined };
  }
}

/** Call counters per action, for API-call budgets in tests and benchmarks. */
export class CallCounters {
  private readonly counts = new Map<string, number>();

  increment(action: string): void {
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
