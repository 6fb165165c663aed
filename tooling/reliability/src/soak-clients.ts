import type { Agent } from 'node:http';
import type { CanaryScenario } from './canaries.js';
import { httpGet } from './http-client.js';
import type { Profile } from './profiles.js';
import type { SidecarProcess } from './sidecar-process.js';
import type { OutageWindow } from './soak-faults.js';
import { OUTAGE_GRACE_MS, type SoakRequest, type SoakTally } from './soak-tally.js';
import type { SidecarTokens } from './stack.js';

/** What the soak's clients talk to. */
export interface SoakTarget {
  sidecar: SidecarProcess;
  agent: Agent;
  tokens: SidecarTokens;
  scenario: CanaryScenario;
}

/**
 * Runs `clients` keep-alive loops against the sidecar until the soak's duration (or its
 * request cap) is reached, counting every answer into `tally`. Outside the outage they
 * ask for hot (cached) secrets and, one request in 20, for connection app1; inside it, the
 * even-numbered clients ask for cold secrets never read before.
 *
 * @example
 * await runSoakClients(target, profile.soak, { from: 25_000, to: 35_000 }, started, tally);
 */
export async function runSoakClients(
  target: SoakTarget,
  soak: Profile['soak'],
  outage: OutageWindow,
  started: number,
  tally: SoakTally,
): Promise<void> {
  const { sidecar, agent, tokens, scenario } = target;
  let coldCursor = 0;
  const nextRequest = (index: number, t: number): SoakRequest => {
    const inOutage = t >= outage.from && t < outage.to;
    const cold = inOutage && index % 2 === 0;
    const connection = !cold && tally.counts.requests % 20 === 7;
    const name = cold
      ? (scenario.cold[coldCursor++ % scenario.cold.length] as string)
      : (scenario.hot[Math.floor(Math.random() * scenario.hot.length)] as string);
    const expected = connection
      ? (scenario.canaries.get('prod/app1/db')?.[1] ?? '')
      : (scenario.canaries.get(name)?.[0] ?? '');
    const nearOutage = t >= outage.from && t < outage.to + OUTAGE_GRACE_MS;
    return { name, cold, connection, t, nearOutage, expected };
  };
  const client = async (index: number) => {
    while (tally.counts.requests < soak.maxRequests) {
      const t = performance.now() - started;
      if (t >= soak.durationMs) return;
      const request = nextRequest(index, t);
      tally.sent(request);
      const url = request.connection
        ? `${sidecar.url}/v1/connections/app1`
        : `${sidecar.url}/secretsmanager/get?secretId=${request.name}`;
      const token = request.connection ? tokens.connection : tokens.full;
      try {
        const answer = await httpGet(url, {
          headers: { 'X-Aws-Parameters-Secrets-Token': token },
          agent,
          timeoutMs: soak.hangAfterMs,
        });
        tally.answered(request, answer);
      } catch (error) {
        tally.failed(request, error);
        if (sidecar.exit()) return;
      }
    }
  };
  await Promise.all(Array.from({ length: soak.clients }, (_, index) => client(index)));
}
