import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedText, Needle } from './canaries.js';
import type { Figure } from './figures.js';
import { runCliLeakCases } from './leaks-cli.js';
import { leakCliCases } from './leaks-cli-cases.js';
import { captureSidecarLeakTexts } from './leaks-sidecar.js';
import { snapshotsWithCanaries } from './snapshots.js';
import { newTokens, stackNeedles, startUpstream } from './stack.js';

const CHECK = 'leak canaries';

/** The exec env files of the leak check: one that resolves, one with a missing JSON key. */
function writeEnvFiles(dir: string): { envFile: string; brokenEnvFile: string } {
  const envFile = join(dir, 'app.env');
  writeFileSync(
    envFile,
    'DB_PASSWORD=secret:prod/app1/db:password\nAPP_TOKEN=secret:prod/app1/token\nPLAIN=literal\n',
    { mode: 0o600 },
  );
  const brokenEnvFile = join(dir, 'broken.env');
  writeFileSync(brokenEnvFile, 'DB_PASSWORD=secret:prod/app1/db:no-such-key\n', { mode: 0o600 });
  return { envFile, brokenEnvFile };
}

/** Snapshot files in the repository must not hold a canary-shaped string. */
function snapshotFigure(root: string): Figure {
  const snapshots = snapshotsWithCanaries(root);
  return {
    check: CHECK,
    name: `snapshot files with a canary (of ${snapshots.files.length} found)`,
    value: snapshots.leaking.length,
    kind: 'max',
    bound: 0,
    detail: snapshots.leaking.join(', '),
  };
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
  const tokens = newTokens();
  const needles = stackNeedles(upstream, tokens);
  try {
    const { envFile, brokenEnvFile } = writeEnvFiles(upstream.dir);
    const env = {
      HOME: upstream.dir,
      VAULTLINE_CONFIG: upstream.writeVaultlineConfig(),
      AWS_ACCESS_KEY_ID: upstream.sourceKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: upstream.sourceKeys.secretAccessKey,
      AWS_REGION: 'us-east-2',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const cases = leakCliCases(upstream, envFile, brokenEnvFile);
    figures.push(...(await runCliLeakCases(bins.cli, cases, { env, cwd: upstream.dir }, texts)));
    await captureSidecarLeakTexts(bins.sidecar, upstream, tokens, texts);
  } finally {
    await upstream.close();
  }
  figures.push(snapshotFigure(root));
  return { figures, texts, needles };
}
