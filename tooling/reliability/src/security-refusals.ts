import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type CapturedText, type Needle, REGION } from './canaries.js';
import { runCli } from './cli-process.js';
import type { Figure } from './figures.js';
import { startSidecarProcess } from './sidecar-process.js';
import type { Upstream } from './stack.js';

const CHECK = 'security';

/** A start that must be refused: the settings, and what the refusal must say. */
interface RefusedStart {
  name: string;
  settings: Record<string, unknown>;
  env?: Record<string, string>;
  says: RegExp;
}

const strongToken = () => `tok-${randomBytes(16).toString('hex')}`;

/**
 * Starts the sidecar with settings that must be refused and returns 1 when it was (exit 2,
 * a user error, before listening, with a message naming the problem), else 0.
 */
async function refusedStart(
  bin: string,
  dir: string,
  start: RefusedStart,
  texts: CapturedText[],
): Promise<Figure> {
  const settingsPath = join(dir, `refused-${randomBytes(4).toString('hex')}.yaml`);
  writeFileSync(settingsPath, stringify({ http_port: 0, ...start.settings }), { mode: 0o600 });
  let detail: string;
  let refused = 0;
  try {
    const started = await startSidecarProcess({
      bin,
      args: ['--config', settingsPath, '--region', REGION],
      env: { AWS_TOKEN: strongToken(), HOME: dir, ...start.env },
      startTimeoutMs: 10_000,
    });
    detail = `listening at ${started.url}`;
    await started.stop(2000);
  } catch (error) {
    const message = (error as Error).message;
    texts.push({ source: `sidecar refusing: ${start.name}`, text: message });
    detail = message.split('\n').slice(0, 3).join(' / ').slice(0, 300);
    if (/exited before listening \(code 2,/.test(message) && start.says.test(message)) refused = 1;
  }
  return {
    check: CHECK,
    name: `sidecar refuses to start (exit 2): ${start.name}`,
    value: refused,
    kind: 'equal',
    bound: 1,
    detail,
  };
}

/** Token files the sidecar must refuse: readable by every user, writable by the group. */
function tokenFile(dir: string, mode: number, needles: Needle[]): string {
  const path = join(dir, `token-${mode.toString(8)}-${randomBytes(4).toString('hex')}`);
  const token = strongToken();
  needles.push({ label: `the token file at mode ${mode.toString(8)}`, value: token });
  writeFileSync(path, token);
  // Set after writing: the mode given to writeFileSync passes through the umask (0620 -> 0600).
  chmodSync(path, mode);
  return path;
}

/**
 * Settings that fail closed: a short token, a blank scope prefix, a token file every user can
 * read or the group can write. Each must stop the sidecar before it listens.
 */
export async function checkSidecarRefusals(
  bin: string,
  dir: string,
  texts: CapturedText[],
  needles: Needle[],
): Promise<Figure[]> {
  const starts: RefusedStart[] = [
    {
      name: 'a 16-character AWS_TOKEN',
      settings: {},
      env: { AWS_TOKEN: 'abcdefgh12345678' },
      says: /at least 32/,
    },
    {
      name: "a scoped token whose secret prefix is ''",
      settings: { tokens: [{ name: 'blank', token: strongToken(), secrets: [''] }] },
      says: /empty|blank/i,
    },
    {
      name: 'a token file readable by every user (0644)',
      settings: {},
      env: { AWS_TOKEN: `file://${tokenFile(dir, 0o644, needles)}` },
      says: /readable|chmod/i,
    },
    {
      name: 'a token file the group can write (0620)',
      settings: {},
      env: { AWS_TOKEN: `file://${tokenFile(dir, 0o620, needles)}` },
      says: /writable|chmod/i,
    },
  ];
  const figures: Figure[] = [];
  for (const start of starts) figures.push(await refusedStart(bin, dir, start, texts));
  return figures;
}

/**
 * `vaultline exec` gives the program the connection's values but none of vaultline's own
 * credentials: the AWS keys the vault used, `AWS_TOKEN`, `VAULTLINE_*`.
 */
export async function checkExecEnvironment(
  cli: string,
  upstream: Upstream,
  texts: CapturedText[],
): Promise<Figure> {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_TOKEN', 'VAULTLINE_CONFIG'];
  const run = await runCli(
    cli,
    [
      'exec',
      '--connection',
      'app1',
      '--',
      'node',
      '-e',
      'console.log(Object.keys(process.env).join(" "))',
    ],
    {
      env: {
        HOME: upstream.dir,
        VAULTLINE_CONFIG: upstream.writeVaultlineConfig(),
        AWS_ACCESS_KEY_ID: upstream.sourceKeys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: upstream.sourceKeys.secretAccessKey,
        AWS_TOKEN: strongToken(),
        AWS_REGION: REGION,
      },
      cwd: upstream.dir,
      timeoutMs: 60_000,
    },
  );
  texts.push({
    source: 'vaultline exec printing its environment names',
    text: run.stdout + run.stderr,
  });
  const seen = new Set(run.stdout.trim().split(/\s+/));
  const passed = names.filter((name) => seen.has(name));
  return {
    check: CHECK,
    name: `exec: vaultline's own credentials passed to the program (of ${names.length})`,
    value: run.code === 0 ? passed.length : undefined,
    kind: 'max',
    bound: 0,
    detail: `exit ${run.code}; passed: ${passed.join(', ') || 'none'}; ${run.stderr.slice(0, 200)}`,
  };
}
