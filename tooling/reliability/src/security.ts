import { Agent } from 'node:http';
import type { CapturedText, Needle } from './canaries.js';
import type { Figure } from './figures.js';
import { httpGet } from './http-client.js';
import { checkBindRefusal, checkReadableKeyRefusal, checkSigterm } from './security-processes.js';
import { checkExecEnvironment, checkSidecarRefusals } from './security-refusals.js';
import { checkScopes, checkTokenRefusals, measureRefusalTiming } from './security-tokens.js';
import { newTokens, stackNeedles, startStackSidecar, startUpstream } from './stack.js';

const CHECK = 'security';

/** What the security checks measured and captured. */
export interface SecurityResult {
  figures: Figure[];
  texts: CapturedText[];
  needles: Needle[];
}

/**
 * The security checks over real HTTP against the built sidecar: tokens (missing, wrong,
 * every length, out of scope, refusal timing), X-Forwarded-For, the loopback-only bind,
 * settings that must stop the sidecar (weak token, blank scope, exposed token files), the
 * credentials `exec` keeps from the program,
 * `vaultline validate` refusing a world-readable secret access key, and SIGTERM with
 * requests in flight.
 *
 * @example
 * const { figures } = await runSecurityChecks(bins);
 */
export async function runSecurityChecks(bins: {
  sidecar: string;
  cli: string;
}): Promise<SecurityResult> {
  const figures: Figure[] = [];
  const texts: CapturedText[] = [];
  const upstream = await startUpstream({ hot: 4, cold: 40 });
  const tokens = newTokens();
  const sidecar = await startStackSidecar({ bin: bins.sidecar, upstream, tokens });
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });
  const needles = stackNeedles(upstream, tokens);
  const bodies: string[] = [];
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const answer = await httpGet(`${sidecar.url}${path}`, { headers, agent, timeoutMs: 15_000 });
    if (answer.status !== 200) bodies.push(`${path} ${answer.status} ${answer.body}`);
    return answer;
  };

  try {
    figures.push(...(await checkTokenRefusals(get, tokens)));
    figures.push(await measureRefusalTiming(get, tokens));
    figures.push(...(await checkScopes(get, tokens, upstream)));
    figures.push(await checkBindRefusal(bins.sidecar, upstream.dir, texts));
    figures.push(...(await checkSidecarRefusals(bins.sidecar, upstream.dir, texts, needles)));
    figures.push(...(await checkReadableKeyRefusal(bins.cli, upstream.dir, texts, needles)));
    figures.push(await checkExecEnvironment(bins.cli, upstream, texts));
    figures.push(...(await checkSigterm(bins.sidecar, upstream, upstream.scenario.cold, texts)));
  } finally {
    agent.destroy();
    const exit = await sidecar.stop();
    texts.push(
      { source: 'sidecar log (security checks, debug level)', text: sidecar.lines.join('\n') },
      { source: 'sidecar error bodies (security checks)', text: bodies.join('\n') },
    );
    if (exit.code !== 0) {
      figures.push({
        check: CHECK,
        name: 'sidecar exit code after SIGTERM (security checks)',
        value: exit.code ?? -1,
        kind: 'equal',
        bound: 0,
      });
    }
    await upstream.close();
  }
  return { figures, texts, needles };
}
