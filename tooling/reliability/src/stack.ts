import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@vaultline/emulator';
import { stringify } from 'yaml';
import {
  type CanaryScenario,
  canaryNeedles,
  createCanaryScenario,
  type Needle,
  REGION,
  ROLE_ARN,
  SOURCE_USER,
} from './canaries.js';
import { deploymentNodeFlags } from './node-flags.js';
import { repoRoot } from './paths.js';
import { type SidecarProcess, startSidecarProcess } from './sidecar-process.js';

/** The emulator with a canary scenario, the operator's keys and files in a temp dir. */
export interface Upstream {
  emu: RunningEmulator;
  scenario: CanaryScenario;
  /** Long-term keys of the user that calls AssumeRole. */
  sourceKeys: { accessKeyId: string; secretAccessKey: string };
  /** A temp directory removed by close(). */
  dir: string;
  /** Writes the role-based vaultline config (mode 0600) and returns its path. */
  writeVaultlineConfig(options?: { ttlSeconds?: number; maxStaleSeconds?: number }): string;
  close(): Promise<void>;
}

/**
 * Starts the emulator on 127.0.0.1:0 with a fresh canary scenario.
 *
 * @example
 * const upstream = await startUpstream({ hot: 10, cold: 10 });
 * await upstream.close();
 */
export async function startUpstream(counts: { hot: number; cold: number }): Promise<Upstream> {
  const scenario = createCanaryScenario(counts);
  const emu = await startEmulator({ host: '127.0.0.1', port: 0, scenario: scenario.scenario });
  const dir = mkdtempSync(join(tmpdir(), 'vaultline-reliability-'));
  const { accessKeyId, secretAccessKey } = await emu.control.userCredentials(SOURCE_USER);
  return {
    emu,
    scenario,
    sourceKeys: { accessKeyId, secretAccessKey },
    dir,
    writeVaultlineConfig(options = {}) {
      const path = join(dir, `vaultline-${randomBytes(4).toString('hex')}.yaml`);
      const config = {
        vault: {
          type: 'aws-secrets-manager',
          authType: 'role-based',
          region: REGION,
          endpoint: emu.url,
          iamRole: ROLE_ARN,
          sessionName: 'vaultline-reliability',
          durationSeconds: 900,
          stsEndpoint: emu.url,
          stsEndpointRegion: REGION,
          sourceCredentials: 'default-chain',
          cache: {
            ttlSeconds: options.ttlSeconds ?? 300,
            maxEntries: 10_000,
            maxStaleSeconds: options.maxStaleSeconds ?? 900,
          },
        },
        connections: {
          app1: {
            host: 'db.internal.example.com',
            user: { secret: 'prod/app1/db:username' },
            password: { secret: 'prod/app1/db:password' },
          },
          broken: { password: { secret: 'prod/app1/db:no-such-key' } },
          denied: { value: { secret: 'denied/secret' } },
        },
      };
      writeFileSync(path, stringify(config), { mode: 0o600 });
      return path;
    },
    async close() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The sidecar's tokens: full access, one scoped to `prod/app1/`, one to connection app1. */
export interface SidecarTokens {
  full: string;
  app1: string;
  connection: string;
}

/** Random tokens for one sidecar. */
export function newTokens(): SidecarTokens {
  const token = () => `tok-${randomBytes(16).toString('hex')}`;
  return { full: token(), app1: token(), connection: token() };
}

/**
 * What must never appear in a captured text of a stack run: every canary of the scenario,
 * the operator's secret access key and every sidecar token.
 *
 * @example
 * const needles = stackNeedles(upstream, tokens);
 */
export function stackNeedles(upstream: Upstream, tokens: SidecarTokens): Needle[] {
  return [
    ...canaryNeedles(upstream.scenario.canaries),
    { label: 'the operator secret access key', value: upstream.sourceKeys.secretAccessKey },
    { label: 'the full-access token', value: tokens.full },
    { label: 'the app1 token', value: tokens.app1 },
    { label: 'the connection token', value: tokens.connection },
  ];
}

/** Options of {@link startStackSidecar}. */
export interface StackSidecarOptions {
  bin: string;
  upstream: Upstream;
  tokens: SidecarTokens;
  settings?: Record<string, unknown>;
  ttlSeconds?: number;
  maxStaleSeconds?: number;
  /** Node options after the deployment flags (`--expose-gc`, `--import` preloads). */
  nodeArgs?: string[];
  /** Variables added to the sidecar's environment (a preload's settings). */
  env?: Record<string, string>;
}

/**
 * Starts the built sidecar bin on 127.0.0.1:0 at debug level, with the node flags of its
 * deployment (see {@link deploymentNodeFlags}) and role-based
 * authentication against the emulator (the operator's keys in the environment, the role
 * assumed through the emulator's STS) and a settings file with scoped tokens.
 *
 * @example
 * const sidecar = await startStackSidecar({ bin, upstream, tokens: newTokens() });
 */
export async function startStackSidecar(options: StackSidecarOptions): Promise<SidecarProcess> {
  const { upstream, tokens } = options;
  const configPath = upstream.writeVaultlineConfig({
    ...(options.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {}),
    ...(options.maxStaleSeconds !== undefined ? { maxStaleSeconds: options.maxStaleSeconds } : {}),
  });
  const settingsPath = join(upstream.dir, `sidecar-${randomBytes(4).toString('hex')}.yaml`);
  const settings = {
    http_port: 0,
    log_level: 'debug',
    vaultline_config: configPath,
    request_timeout_seconds: 8,
    shutdown_timeout_seconds: 20,
    max_conn: 1000,
    tokens: [
      { name: 'app1', token: tokens.app1, secrets: ['prod/app1/'] },
      { name: 'connection-app1', token: tokens.connection, connections: ['app1'] },
    ],
    ...options.settings,
  };
  writeFileSync(settingsPath, stringify(settings), { mode: 0o600 });
  return startSidecarProcess({
    bin: options.bin,
    args: ['--config', settingsPath],
    nodeArgs: [...deploymentNodeFlags(repoRoot()), ...(options.nodeArgs ?? [])],
    env: {
      ...options.env,
      AWS_TOKEN: tokens.full,
      AWS_ACCESS_KEY_ID: upstream.sourceKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: upstream.sourceKeys.secretAccessKey,
      AWS_REGION: REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
}
