import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import type { CapturedText, Needle } from './canaries.js';
import { type CliRun, runCli } from './cli-process.js';
import type { Figure } from './figures.js';
import { httpGet } from './http-client.js';
import { snapshotsWithCanaries } from './snapshots.js';
import { newTokens, stackNeedles, startStackSidecar, startUpstream } from './stack.js';

const CHECK = 'leak canaries';

/** One CLI invocation of the leak check and the canaries its stdout may carry. */
interface CliCase {
  command: string;
  args: string[];
  /** Canary values that may appear on stdout (the values asked for). */
  stdoutMay?: string[];
  /** The canaries of `stdoutMay` must be printed (else the allowance proves nothing). */
  mustPrint?: boolean;
}

/** The CLI commands named in `vaultline --help`. */
async function cliCommands(cli: string): Promise<Set<string>> {
  const help = await runCli(cli, ['--help']);
  const section = help.stdout.split(/^Commands:$/m)[1] ?? '';
  return new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1] as string));
}

/**
 * The leak-canary check: a fresh scenario whose every secret carries a random canary;
 * the CLI (`get`, `resolve`, `doctor`, `exec`, `validate` and their error paths, with
 * --verbose) and the sidecar (debug log level: JSON-key, version, denied and connection
 * error paths, /metrics) run against it, and everything they print is captured for the
 * scan. Snapshot files in the repository are scanned for canary-shaped strings.
 *
 * @example
 * const { figures, texts, needles } = await runLeakChecks(bins, repoRoot());
 */
export async function runLeakChecks(
  bins: { sidecar: string; cli: string },
  root: string,
): Promise<{ figures: Figure[]; texts: CapturedText[]; needles: Needle[] }> {
  const figures: Figure[] = [];
  const texts: CapturedText[] = [];
  const upstream = await startUpstream({ hot: 2, cold: 2 });
  const { scenario } = upstream;
  const canaries = (name: string) => scenario.canaries.get(name) ?? [];
  const tokens = newTokens();
  const needles = stackNeedles(upstream, tokens);
  try {
    // --- the CLI, against the emulator with role-based auth
    const config = upstream.writeVaultlineConfig();
    const envFile = join(upstream.dir, 'app.env');
    writeFileSync(
      envFile,
      'DB_PASSWORD=secret:prod/app1/db:password\nAPP_TOKEN=secret:prod/app1/token\nPLAIN=literal\n',
      { mode: 0o600 },
    );
    const brokenEnvFile = join(upstream.dir, 'broken.env');
    writeFileSync(brokenEnvFile, 'DB_PASSWORD=secret:prod/app1/db:no-such-key\n', { mode: 0o600 });
    const env = {
      HOME: upstream.dir,
      VAULTLINE_CONFIG: config,
      AWS_ACCESS_KEY_ID: upstream.sourceKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: upstream.sourceKeys.secretAccessKey,
      AWS_REGION: 'us-east-2',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // The program prints its environment but the caller's own AWS_* keys, which exec passes
    // through by design (without --pristine); the values vaultline resolved must be masked.
    const printEnv = [
      'node',
      '-e',
      "console.log(JSON.stringify(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))))",
    ];
    // Connection app1 reads the username and password keys of prod/app1/db (not host).
    const app1Values = canaries('prod/app1/db').slice(0, 2);
    const cases: CliCase[] = [
      { command: 'validate', args: ['validate', '--verbose'] },
      { command: 'validate', args: ['validate', '--json'] },
      {
        command: 'get',
        args: ['--verbose', 'get', 'prod/app1/token'],
        stdoutMay: canaries('prod/app1/token'),
      },
      {
        command: 'get',
        args: ['--verbose', 'get', 'prod/app1/db'],
        stdoutMay: canaries('prod/app1/db'),
      },
      { command: 'get', args: ['--verbose', 'get', 'prod/app1/db:no-such-key'] },
      { command: 'get', args: ['--verbose', 'get', 'prod/app1/db:password:extra'] },
      { command: 'get', args: ['--verbose', 'get', 'prod/app1/token:not-json'] },
      { command: 'get', args: ['--verbose', 'get', 'denied/secret'] },
      { command: 'get', args: ['--verbose', 'get', 'no/such/secret'] },
      {
        command: 'get',
        args: ['--verbose', 'get', 'prod/app1/token', '--version-id', 'bad-version'],
      },
      {
        command: 'get',
        args: ['--verbose', 'get', 'prod/app1/token', '--version-stage', 'AWSPREVIOUS'],
      },
      { command: 'describe', args: ['--verbose', 'describe', 'prod/app1/db'] },
      { command: 'list', args: ['--verbose', 'list'] },
      {
        command: 'resolve',
        args: ['--verbose', 'resolve', 'app1', '--format', 'json'],
        stdoutMay: app1Values,
      },
      { command: 'resolve', args: ['--verbose', 'resolve', 'broken'] },
      { command: 'resolve', args: ['--verbose', 'resolve', 'denied'] },
      { command: 'resolve', args: ['--verbose', 'resolve', 'no-such-connection'] },
      { command: 'doctor', args: ['--verbose', 'doctor'] },
      {
        command: 'doctor',
        args: [
          '--verbose',
          'doctor',
          '--connection',
          'broken',
          '--secret',
          'prod/app1/db:no-such-key',
        ],
      },
      { command: 'doctor', args: ['--verbose', 'doctor', '--json', '--secret', 'denied/secret'] },
      // exec masks values in the program's output by default: the program prints its
      // whole environment, which holds the values, and none may come through.
      { command: 'exec', args: ['--verbose', 'exec', '--connection', 'app1', '--', ...printEnv] },
      { command: 'exec', args: ['--verbose', 'exec', '--env-file', envFile, '--', ...printEnv] },
      // The control: without masking the same program does print the values.
      {
        command: 'exec',
        args: ['--verbose', 'exec', '--no-mask', '--connection', 'app1', '--', ...printEnv],
        stdoutMay: app1Values,
        mustPrint: true,
      },
      {
        command: 'exec',
        args: ['--verbose', 'exec', '--env-file', brokenEnvFile, '--', 'node', '-e', '0'],
      },
      {
        command: 'exec',
        args: ['--verbose', 'exec', '--connection', 'broken', '--', 'node', '-e', '0'],
      },
    ];
    const available = await cliCommands(bins.cli);
    const ran = new Set<string>();
    const missing = new Set<string>();
    const hung: string[] = [];
    for (const item of cases) {
      if (!available.has(item.command)) {
        missing.add(item.command);
        continue;
      }
      ran.add(item.command);
      const run: CliRun = await runCli(bins.cli, item.args, {
        env,
        cwd: upstream.dir,
        timeoutMs: 60_000,
      });
      if (run.timedOut) hung.push(item.args.join(' '));
      const allowed = item.stdoutMay ?? [];
      const label = `vaultline ${item.args.join(' ')} (exit ${run.code})`;
      texts.push(
        { source: `${label} stdout`, text: run.stdout, allowed },
        { source: `${label} stderr`, text: run.stderr },
      );
      // A value asked for must really be printed, or the "allowed" above proves nothing.
      for (const value of allowed) {
        if ((item.command === 'get' || item.mustPrint) && !run.stdout.includes(value)) {
          hung.push(
            `${item.args.join(' ')}: stdout lacks the value asked for (exit ${run.code}: ${run.stderr.slice(0, 160)})`,
          );
          break;
        }
      }
    }
    figures.push(
      {
        check: CHECK,
        name: `CLI commands run with canaries: ${[...ran].join(', ')}${missing.size ? ` (absent: ${[...missing].join(', ')})` : ''}`,
        value: ran.size,
        kind: 'min',
        bound: new Set(cases.map((item) => item.command)).size,
      },
      {
        check: CHECK,
        name: 'CLI runs hung or missing the value asked for',
        value: hung.length,
        kind: 'max',
        bound: 0,
        detail: hung.join(' | '),
      },
    );

    // --- the sidecar at debug level: error paths and /metrics
    const sidecar = await startStackSidecar({ bin: bins.sidecar, upstream, tokens });
    const agent = new Agent({ keepAlive: true });
    const full = { 'X-Aws-Parameters-Secrets-Token': tokens.full };
    const requests: { path: string; headers?: Record<string, string>; may?: string[] }[] = [
      {
        path: '/secretsmanager/get?secretId=prod/app1/db&key=password',
        may: [canaries('prod/app1/db')[1] ?? ''],
      },
      { path: '/secretsmanager/get?secretId=prod/app1/db&key=no-such-key' },
      { path: '/secretsmanager/get?secretId=prod/app1/token&key=password' },
      { path: '/secretsmanager/get?secretId=prod/app1/db&versionId=bad-version' },
      { path: '/secretsmanager/get?secretId=prod/app1/db&versionStage=AWSPREVIOUS' },
      { path: '/secretsmanager/get?secretId=denied/secret' },
      { path: '/secretsmanager/get?secretId=no/such/secret' },
      { path: '/secretsmanager/get?secretId=prod/app1/db&bogus=1' },
      {
        path: '/v1/connections/app1',
        may: [canaries('prod/app1/db')[0] ?? '', canaries('prod/app1/db')[1] ?? ''],
      },
      { path: '/v1/connections/broken' },
      { path: '/v1/connections/denied' },
      { path: '/v1/prod/app2/token', headers: { 'X-Aws-Parameters-Secrets-Token': tokens.app1 } },
      { path: '/metrics' },
    ];
    try {
      for (const request of requests) {
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
      texts.push({
        source: 'sidecar log (leak check, debug level)',
        text: sidecar.lines.join('\n'),
      });
    }
  } finally {
    await upstream.close();
  }

  // --- snapshot files in the repository
  const snapshots = snapshotsWithCanaries(root);
  figures.push({
    check: CHECK,
    name: `snapshot files with a canary (of ${snapshots.files.length} found)`,
    value: snapshots.leaking.length,
    kind: 'max',
    bound: 0,
    detail: snapshots.leaking.join(', '),
  });
  return { figures, texts, needles };
}
