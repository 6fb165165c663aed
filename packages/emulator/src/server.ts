import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorControl } from './control/client.js';
import { createControlHandler } from './control/routes.js';
import { EmulatorError } from './errors.js';
import { EmulatorCore, type ExplanationLog } from './http/core.js';
import { loadScenario, parseScenario } from './scenario/parse.js';
import type { Scenario, ScenarioInput } from './scenario/schema.js';
import { newAccessKeyId, newSecretAccessKey } from './state/ids.js';

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /**
   * A scenario object (such as the built-in `singleAccountScenario`), or the path of a
   * scenario YAML file; default one empty account.
   */
  scenario?: ScenarioInput | Scenario | string;
  /**
   * The emulator's log of refusals: why each AccessDenied, DecryptionFailure, ... was
   * answered, in the emulator's words (also sent in the `x-emulator-explanation` header,
   * never in the AWS error body). Default: not logged.
   */
  log?: ExplanationLog;
}

/** A running emulator. */
export interface RunningEmulator extends AsyncDisposable {
  /** e.g. `http://127.0.0.1:43123` */
  url: string;
  port: number;
  /** Value of the `x-emulator-token` header the control API requires. */
  controlToken: string;
  control: EmulatorControl;
  close(): Promise<void>;
}

const EMPTY_SCENARIO: ScenarioInput = { accounts: [{ id: '000000000000', alias: 'emulator' }] };

/**
 * Starts the emulator on one port. Requests are routed by Host header: AWS hostnames keep
 * their endpoint's rules, the emulator's own address serves every service and region.
 *
 * @example
 * const emu = await startEmulator({ scenario: singleAccountScenario });
 * try {
 *   const credentials = await emu.control.userCredentials('developer');
 *   const client = new SecretsManagerClient({ endpoint: emu.url, region: 'us-east-2', credentials });
 * } finally {
 *   await emu.close();
 * }
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const source = options.scenario ?? EMPTY_SCENARIO;
  let baseline = withGeneratedKeys(
    typeof source === 'string'
      ? await loadScenario(source)
      : parseScenario(source as ScenarioInput),
  );
  const core = new EmulatorCore(baseline);
  core.log = options.log;
  const controlToken = randomBytes(24).toString('hex');
  core.control = createControlHandler(
    core,
    controlToken,
    withGeneratedKeys,
    () => baseline,
    (s) => {
      baseline = s;
    },
  );
  const server = createServer({ keepAliveTimeout: 5000 }, (request, response) => {
    core.handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new EmulatorError(
          'START_FAILED',
          `the emulator could not listen on ${host}:${options.port ?? 0}: ${cause.message}`,
          {
            cause,
          },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    url,
    port,
    controlToken,
    control: new EmulatorControl(url, controlToken),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Fills in keys for users that declare none, once per load, so resets keep them. */
function withGeneratedKeys(scenario: Scenario): Scenario {
  return {
    ...scenario,
    users: scenario.users.map((user) => ({
      ...user,
      accessKeyId: user.accessKeyId ?? newAccessKeyId('AKIA'),
      secretAccessKey: user.secretAccessKey ?? newSecretAccessKey(),
    })),
  };
}
