import { Writable } from 'node:stream';
import type { ScenarioInput } from '@vaultline/emulator';
import type { ResolverConfig } from '@vaultline/resolver';
import { startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { type RunningSidecar, type SidecarSettingsInput, startSidecar } from '../src/index.js';

/** Every secret value below carries a canary; no log line may ever contain one. */
export const CANARIES = {
  app1: 'canary-sc-app1-4b7e19d2',
  app1Password: 'canary-sc-app1pw-93c0a5e1',
  app2: 'canary-sc-app2-0d8f6a3b',
  plain: 'canary-sc-plain-7e2c1f90',
  previous: 'canary-sc-previous-55a1d9c3',
  binary: 'canary-sc-binary-2f4e8a61',
  /** A SecureString parameter's plaintext. */
  ssmPassword: 'canary-sc-ssmpw-6c1d8e42',
  /** Its previous version (version 1). */
  ssmPasswordOld: 'canary-sc-ssmpwold-0a7f3b95',
} as const;

/** Plain (String) parameter values: not secret, but never logged either. */
export const PLAIN_PARAMETERS = {
  host: 'db.internal.example',
  oldHost: 'db-blue.internal.example',
  regions: 'us-east-2,eu-west-1',
} as const;

export const SCENARIO: ScenarioInput = {
  version: 1,
  defaultRegion: 'us-east-2',
  accounts: [{ id: '111111111111', alias: 'dev' }],
  users: [
    {
      name: 'sidecar',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['secretsmanager:*', 'kms:*', 'sts:GetCallerIdentity'],
              Resource: '*',
            },
            {
              // Parameters under /app/ (and secrets under prod/ through Parameter Store) only:
              // /denied/ answers AccessDeniedException.
              Effect: 'Allow',
              Action: ['ssm:GetParameter', 'ssm:GetParameters'],
              Resource: [
                'arn:aws:ssm:us-east-2:111111111111:parameter/app/*',
                'arn:aws:ssm:us-east-2:111111111111:parameter/aws/reference/secretsmanager/prod/*',
              ],
            },
          ],
        },
      ],
    },
  ],
  parameters: [
    {
      name: '/app/db/host',
      value: PLAIN_PARAMETERS.host,
      versions: [{ value: PLAIN_PARAMETERS.oldHost, labels: ['blue'] }],
    },
    {
      name: '/app/db/password',
      type: 'SecureString',
      value: CANARIES.ssmPassword,
      versions: [{ value: CANARIES.ssmPasswordOld, labels: [] }],
    },
    { name: '/app/regions', type: 'StringList', value: PLAIN_PARAMETERS.regions },
    { name: '/denied/flag', value: 'not-for-the-sidecar' },
  ],
  secrets: [
    {
      name: 'prod/app1/db',
      value: JSON.stringify({ username: 'app1', password: CANARIES.app1Password, port: 5432 }),
      tags: { team: 'app1' },
    },
    { name: 'prod/app1/token', value: CANARIES.app1 },
    { name: 'prod/app2/x', value: CANARIES.app2 },
    {
      name: 'shared/plain',
      value: CANARIES.plain,
      versions: [{ value: CANARIES.previous, stages: ['AWSPREVIOUS'] }],
    },
    { name: 'shared/binary', binary: Buffer.from(CANARIES.binary).toString('base64') },
  ],
} as ScenarioInput;

/** Log lines captured from the sidecar's pino logger. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface Stack extends AsyncDisposable {
  emu: TestEmulator;
  sidecar: RunningSidecar;
  url: string;
  token: string;
  logs: LogCapture;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export const TOKEN = 'test-token-0123456789abcdef-5c1e9a7f3b';

/** Fails when any canary value or any of `tokens` appears in the captured log lines. */
export function leaksIn(logs: LogCapture, tokens: string[] = [TOKEN]): string[] {
  const text = logs.text();
  return [...Object.values(CANARIES), ...tokens].filter((needle) => text.includes(needle));
}

/**
 * The emulator with the scenario above, and a sidecar on 127.0.0.1:0 using the real
 * resolver against it over HTTP, logging at debug into a capture.
 */
export async function startStack(
  options: {
    settings?: SidecarSettingsInput;
    env?: NodeJS.ProcessEnv;
    connections?: ResolverConfig['connections'];
    resolver?: {
      maxAttempts?: number;
      requestTimeoutMs?: number;
      staleRetryMs?: number;
      now?: () => number;
    };
  } = {},
): Promise<Stack> {
  const emu = await startTestEmulator({ scenario: SCENARIO });
  const logs = new LogCapture();
  let sidecar: RunningSidecar;
  try {
    const credentials = await emu.credentialsOf('sidecar');
    sidecar = await startSidecar({
      env: options.env ?? { AWS_TOKEN: TOKEN },
      settings: { http_port: 0, log_level: 'debug', ...options.settings },
      config: {
        vault: { region: 'us-east-2', endpoint: emu.url },
        connections: options.connections ?? {},
      },
      resolverOptions: {
        credentials,
        maxAttempts: options.resolver?.maxAttempts ?? 1,
        requestTimeoutMs: options.resolver?.requestTimeoutMs ?? 2000,
        ...(options.resolver?.now ? { now: options.resolver.now } : {}),
        ...(options.resolver?.staleRetryMs !== undefined
          ? { staleRetryMs: options.resolver.staleRetryMs }
          : {}),
      },
      logDestination: logs,
    });
  } catch (error) {
    await emu.close();
    throw error;
  }
  const url = sidecar.url ?? 'http://unused.invalid';
  const close = async () => {
    await sidecar.close();
    await emu.close();
  };
  return {
    emu,
    sidecar,
    url,
    token: TOKEN,
    logs,
    get: (path, headers = { 'X-Aws-Parameters-Secrets-Token': TOKEN }) =>
      fetch(`${url}${path}`, { headers }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
