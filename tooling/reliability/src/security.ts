import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { type CapturedText, type Needle, REGION } from './canaries.js';
import { runCli } from './cli-process.js';
import type { Figure } from './figures.js';
import { httpGet } from './http-client.js';
import { startSidecarProcess } from './sidecar-process.js';
import { newTokens, stackNeedles, startStackSidecar, startUpstream } from './stack.js';

const CHECK = 'security';

/** What the security checks measured and captured. */
export interface SecurityResult {
  figures: Figure[];
  texts: CapturedText[];
  needles: Needle[];
}

/**
 * Static check of the token comparison (a timing test would be flaky on a shared machine):
 * the token store must hash presented tokens to equal-length SHA-256 digests and compare
 * them with `crypto.timingSafeEqual`, without a plain string comparison of tokens.
 *
 * @example
 * checkConstantTimeSource(readFileSync('apps/sidecar/src/auth/tokens.ts', 'utf8')); // []
 */
export function checkConstantTimeSource(source: string): string[] {
  const problems: string[] = [];
  if (!/import\s*\{[^}]*\btimingSafeEqual\b[^}]*\}\s*from\s*'node:crypto'/.test(source)) {
    problems.push('does not import timingSafeEqual from node:crypto');
  }
  if (!/createHash\(\s*'sha256'\s*\)/.test(source)) {
    problems.push("does not hash tokens with createHash('sha256') (equal-length digests)");
  }
  if (!/timingSafeEqual\(\s*digest\b/.test(source)) {
    problems.push('does not pass the presented digest to timingSafeEqual');
  }
  if (/presented\s*===|===\s*presented|presented\s*!==|\.token\s*===/.test(source)) {
    problems.push('compares a presented token with === or !==');
  }
  return problems;
}

/**
 * The security checks over real HTTP against the built sidecar: tokens (missing, wrong,
 * every length, out of scope), X-Forwarded-For, the loopback-only bind, the
 * `vaultline validate` refusing a world-readable secret access key, and SIGTERM with
 * requests in flight.
 *
 * @example
 * const { figures } = await runSecurityChecks(bins, repoRoot());
 */
export async function runSecurityChecks(
  bins: { sidecar: string; cli: string },
  root: string,
): Promise<SecurityResult> {
  const figures: Figure[] = [];
  const texts: CapturedText[] = [];
  const upstream = await startUpstream({ hot: 4, cold: 40 });
  const { scenario } = upstream;
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
  const token = (value: string) => ({ 'X-Aws-Parameters-Secrets-Token': value });
  const statusFigure = (name: string, status: number, bound: number, body: string): Figure => ({
    check: CHECK,
    name,
    value: status,
    kind: 'equal',
    bound,
    detail: `received ${status}: ${body.slice(0, 200)}`,
  });

  try {
    const secret = '/secretsmanager/get?secretId=prod/app1/token';
    const missing = await get(secret);
    figures.push(statusFigure('missing token: status', missing.status, 403, missing.body));
    const sameLength = `${tokens.full.slice(0, -1)}${tokens.full.endsWith('0') ? '1' : '0'}`;
    const wrong = await get(secret, token(sameLength));
    figures.push(
      statusFigure(
        'wrong token (same length, one character off): status',
        wrong.status,
        403,
        wrong.body,
      ),
    );
    const wrongVault = await get(secret, { 'X-Vault-Token': `${tokens.full}x` });
    figures.push(
      statusFigure('wrong X-Vault-Token: status', wrongVault.status, 403, wrongVault.body),
    );
    // Comparing raw tokens of different lengths with timingSafeEqual would throw (500):
    // every length must be a plain 403.
    let notRefused = 0;
    const lengths = [1, 2, 7, 31, 32, 33, 35, 36, 37, 64, 255, 1024, 4000];
    for (const length of lengths) {
      const answer = await get(secret, token('x'.repeat(length)));
      if (answer.status !== 403) notRefused++;
    }
    figures.push({
      check: CHECK,
      name: `wrong tokens of ${lengths.length} lengths not answered 403`,
      value: notRefused,
      kind: 'max',
      bound: 0,
    });
    const metrics = await get('/metrics');
    figures.push(
      statusFigure('/metrics without a token: status', metrics.status, 403, metrics.body),
    );

    const source = readFileSync(join(root, 'apps', 'sidecar', 'src', 'auth', 'tokens.ts'), 'utf8');
    const problems = checkConstantTimeSource(source);
    figures.push({
      check: CHECK,
      name: 'constant-time comparison (static check: SHA-256 digests + timingSafeEqual)',
      value: problems.length,
      kind: 'max',
      bound: 0,
      detail: `apps/sidecar/src/auth/tokens.ts ${problems.join('; ')}`,
    });

    const inScope = await get(secret, token(tokens.app1));
    figures.push(
      statusFigure('scoped token, secret in its prefix: status', inScope.status, 200, inScope.body),
    );
    const outOfScope = await get(
      '/secretsmanager/get?secretId=prod/app2/token',
      token(tokens.app1),
    );
    figures.push(
      statusFigure(
        'token for prod/app1/ reading prod/app2/token: status',
        outOfScope.status,
        403,
        outOfScope.body,
      ),
    );
    const prefixTrick = await get('/v1/prod%2Fapp1%2F..%2Fapp2%2Ftoken', token(tokens.app1));
    figures.push({
      check: CHECK,
      name: 'token for prod/app1/ reading prod/app1/../app2/token: not 200',
      value:
        prefixTrick.status === 200 &&
        prefixTrick.body.includes(scenario.canaries.get('prod/app2/token')?.[0] ?? '\0')
          ? 1
          : 0,
      kind: 'max',
      bound: 0,
      detail: `received ${prefixTrick.status}`,
    });
    const connectionOutOfScope = await get('/v1/connections/app1', token(tokens.app1));
    figures.push(
      statusFigure(
        'token for prod/app1/ resolving connection app1: status',
        connectionOutOfScope.status,
        403,
        connectionOutOfScope.body,
      ),
    );
    const secretWithConnectionToken = await get('/v1/prod/app1/db', token(tokens.connection));
    figures.push(
      statusFigure(
        'connection-only token reading a secret: status',
        secretWithConnectionToken.status,
        403,
        secretWithConnectionToken.body,
      ),
    );
    const forwarded = await get(secret, { ...token(tokens.full), 'X-Forwarded-For': '10.1.2.3' });
    figures.push(statusFigure('X-Forwarded-For: status', forwarded.status, 400, forwarded.body));

    figures.push(await checkBindRefusal(bins.sidecar, upstream.dir, texts));
    figures.push(...(await checkReadableKeyRefusal(bins.cli, upstream.dir, texts, needles)));
    figures.push(...(await checkSigterm(bins.sidecar, upstream, scenario.cold, texts)));
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

/** Non-loopback addresses must be refused (non-zero exit, no listening) without the flag. */
async function checkBindRefusal(bin: string, dir: string, texts: CapturedText[]): Promise<Figure> {
  const addresses = ['0.0.0.0', '::', '10.0.0.1', '192.168.1.10'];
  const notRefused: string[] = [];
  for (const address of addresses) {
    try {
      const started = await startSidecarProcess({
        bin,
        args: ['--http-port', '0', '--http-address', address, '--region', REGION],
        env: { AWS_TOKEN: 'bind-check-token-000000', HOME: dir },
        startTimeoutMs: 10_000,
      });
      notRefused.push(`${address} (listening at ${started.url})`);
      await started.stop(2000);
    } catch (error) {
      const message = (error as Error).message;
      texts.push({ source: `sidecar refusing to bind ${address}`, text: message });
      if (
        !/exited before listening \(code [1-9]/.test(message) ||
        !/allow.non.loopback/i.test(message)
      ) {
        notRefused.push(`${address} (${message.split('\n')[0]})`);
      }
    }
  }
  return {
    check: CHECK,
    name: `non-loopback binds not refused without the flag (of ${addresses.length})`,
    value: notRefused.length,
    kind: 'max',
    bound: 0,
    detail: notRefused.join('; '),
  };
}

/** `vaultline validate` refuses a secret access key in a file every user can read. */
async function checkReadableKeyRefusal(
  cli: string,
  dir: string,
  texts: CapturedText[],
  needles: Needle[],
): Promise<Figure[]> {
  const key = `canaryRelKey${Math.random().toString(36).slice(2)}`.padEnd(40, 'Q').slice(0, 40);
  needles.push({ label: 'the secret access key of the validate test config', value: key });
  const yaml = [
    'vault:',
    '  type: aws-secrets-manager',
    '  authType: access-key',
    '  region: us-east-2',
    '  accessKeyId: AKIAIOSFODNN7EXAMPLE',
    `  secretAccessKey: ${key}`,
    '',
  ].join('\n');
  const readable = join(dir, 'readable.yaml');
  const privateFile = join(dir, 'private.yaml');
  writeFileSync(readable, yaml, { mode: 0o644 });
  writeFileSync(privateFile, yaml, { mode: 0o600 });
  const warned = (text: string) =>
    /warning/i.test(text) && /chmod 600|group or others|readable/i.test(text);
  const refused = (run: { code: number | null; stdout: string; stderr: string }) =>
    run.code === 2 && /which every user can read \(mode 644\)/.test(run.stdout + run.stderr);
  const open = await runCli(cli, ['validate', '--config', readable, '--verbose'], {
    env: { HOME: dir },
  });
  const closed = await runCli(cli, ['validate', '--config', privateFile, '--verbose'], {
    env: { HOME: dir },
  });
  const json = await runCli(cli, ['validate', '--config', readable, '--json'], {
    env: { HOME: dir },
  });
  for (const run of [open, closed, json]) {
    texts.push({
      source: `vaultline ${run.args.join(' ')} (stdout+stderr)`,
      text: run.stdout + run.stderr,
    });
  }
  return [
    {
      check: CHECK,
      name: 'validate refuses (exit 2): secret access key in a file every user can read (0644)',
      value: refused(open) ? 1 : 0,
      kind: 'equal',
      bound: 1,
      detail: `exit ${open.code}: ${(open.stdout + open.stderr).slice(0, 300)}`,
    },
    {
      check: CHECK,
      name: 'validate stays quiet for the same file at 0600',
      value: warned(closed.stdout + closed.stderr) ? 1 : 0,
      kind: 'equal',
      bound: 0,
      detail: `exit ${closed.code}: ${(closed.stdout + closed.stderr).slice(0, 300)}`,
    },
  ];
}

/** SIGTERM while slow requests are in flight: every one completes, then exit 0. */
async function checkSigterm(
  bin: string,
  upstream: Awaited<ReturnType<typeof startUpstream>>,
  cold: string[],
  texts: CapturedText[],
): Promise<Figure[]> {
  const tokens = newTokens();
  const sidecar = await startStackSidecar({ bin, upstream, tokens });
  const names = cold.slice(0, 20);
  await upstream.emu.control.setFault('*', { latencyMs: 1500 });
  try {
    const agent = new Agent({ keepAlive: false });
    const inFlight = names.map((name) =>
      httpGet(`${sidecar.url}/secretsmanager/get?secretId=${name}`, {
        headers: { 'X-Aws-Parameters-Secrets-Token': tokens.full },
        agent,
        timeoutMs: 20_000,
      }).catch((error: Error) => ({ status: 0, body: error.message })),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stopping = sidecar.stop();
    const answers = await Promise.all(inFlight);
    const exit = await stopping;
    const completed = answers.filter(
      (answer, index) =>
        answer.status === 200 &&
        answer.body.includes(upstream.scenario.canaries.get(names[index] as string)?.[0] ?? '\0'),
    ).length;
    return [
      {
        check: CHECK,
        name: 'SIGTERM: requests in flight completed with their value',
        value: completed,
        kind: 'equal',
        bound: names.length,
        detail: answers.map((answer) => answer.status).join(','),
      },
      {
        check: CHECK,
        name: 'SIGTERM: exit code',
        value: exit.code ?? -1,
        kind: 'equal',
        bound: 0,
        detail: `signal ${exit.signal}`,
      },
    ];
  } finally {
    await upstream.emu.control.clearFaults();
    if (!sidecar.exit()) await sidecar.stop(2000);
    texts.push({ source: 'sidecar log (SIGTERM check)', text: sidecar.lines.join('\n') });
  }
}
