import type { FaultSpec, RunningEmulator } from '@vaultline/emulator';

/** When the soak's total outage starts and ends, in milliseconds from the soak's start. */
export interface OutageWindow {
  from: number;
  to: number;
}

/**
 * The soak's fault mix for every action: 5% throttling, 2% internal errors, 1% connection
 * resets and a random 0-200 ms latency (drawn anew on each call), plus the outage when on.
 */
export function faultMix(outage: boolean): FaultSpec {
  return {
    throttleProbability: 0.05,
    internalErrorProbability: 0.02,
    connectionResetProbability: 0.01,
    latencyMs: Math.floor(Math.random() * 200),
    ...(outage ? { outage: true } : {}),
  };
}

/**
 * Drives the emulator's faults through the soak: the latency is re-drawn every second,
 * the outage switched on and off at its times (counted from now). `stop` ends the
 * schedule and clears every fault.
 *
 * @example
 * const faults = startFaultSchedule(emu, { from: 25_000, to: 35_000 });
 * await faults.stop();
 */
export function startFaultSchedule(
  emu: RunningEmulator,
  outage: OutageWindow,
): { stop(): Promise<void> } {
  let inOutage = false;
  // Fire and forget: a control call that fails leaves the previous faults, which is harmless.
  const apply = () => {
    emu.control.setFault('*', faultMix(inOutage)).catch(() => undefined);
  };
  const latencyTimer = setInterval(apply, 1000);
  const outageStart = setTimeout(() => {
    inOutage = true;
    apply();
  }, outage.from);
  const outageEnd = setTimeout(() => {
    inOutage = false;
    apply();
  }, outage.to);
  return {
    async stop() {
      clearInterval(latencyTimer);
      clearTimeout(outageStart);
      clearTimeout(outageEnd);
      inOutage = false;
      await emu.control.clearFaults();
    },
  };
}
