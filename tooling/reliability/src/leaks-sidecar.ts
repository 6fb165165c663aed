import { Agent } from 'node:http';
import type { CapturedText } from './canaries.js';
import { httpGet } from './http-client.js';
import { type newTokens, startStackSidecar, type startUpstream } from './stack.js';

interface LeakRequest {
  path: string;
  headers?: Record<string, string>;
  /** Canary values a 200 answer may carry (the values asked for). */
  may?: string[];
}

/** The sidecar requests of the leak check: JSON-key, version, denied and connection errors, /metrics. */
function leakRequests(
  canaries: (name: string) => string[],
  tokens: ReturnType<typeof newTokens>,
): LeakRequest[] {
  const db = canaries('prod/app1/db');
  return [
    { path: '/secretsmanager/get?secretId=prod/app1/db&key=password', may: [db[1] ?? ''] },
    { path: '/secretsmanager/get?secretId=prod/app1/db&key=no-such-key' },
    { path: '/secretsmanager/get?secretId=prod/app1/token&key=password' },
    { path: '/secretsmanager/get?secretId=prod/app1/db&versionId=bad-version' },
    { path: '/secretsmanager/get?secretId=prod/app1/db&versionStage=AWSPREVIOUS' },
    { path: '/secretsmanager/get?secretId=denied/secret' },
    { path: '/secretsmanager/get?secretId=no/such/secret' },
    { path: '/secretsmanager/get?secretId=prod/app1/db&bogus=1' },
    { path: '/v1/connections/app1', may: [db[0] ?? '', db[1] ?? ''] },
    { path: '/v1/connections/broken' },
    { path: '/v1/connections/denied' },
    { path: '/v1/prod/app2/token', headers: { 'X-Aws-Parameters-Secrets-Token': tokens.app1 } },
    { path: '/metrics' },
  ];
}

/**
 * Starts the built sidecar at debug level against the stack, sends every leak request, and
 * captures each body and the whole log for the canary scan.
 */
export async function captureSidecarLeakTexts(
  bin: string,
  upstream: Awaited<ReturnType<typeof startUpstream>>,
  tokens: ReturnType<typeof newTokens>,
  texts: CapturedText[],
): Promise<void> {
  const canaries = (name: string) => upstream.scenario.canaries.get(name) ?? [];
  const sidecar = await startStackSidecar({ bin, upstream, tokens });
  const agent = new Agent({ keepAlive: true });
  const full = { 'X-Aws-Parameters-Secrets-Token': tokens.full };
  try {
    for (const request of leakRequests(canaries, tokens)) {
      const answer = await httpGet(`${sidecar.url}${request.path}`, {
        headers: request.headers ?? full,
        agent,
        timeoutMs: 15_000,
      });
      texts.push({
        source: `sidecar GET ${request.path} (${answer.status}) body`,
        text: answer.body,
        ...(answer.status === 200 && request.may ? { allowed: request.may } : {}),
      });
    }
  } finally {
    agent.destroy();
    await sidecar.stop();
    texts.push({ source: 'sidecar log (leak check, debug level)', text: sidecar.lines.join('\n') });
  }
}
