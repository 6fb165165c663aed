import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioInput, ScenarioSecret } from '@vaultline/emulator';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { readDevSettings, writeDevSettings } from '../dev/dev-state.js';
import { humanLogDestination } from '../dev/human-log.js';
import { shellAlias } from '../dev/shell-alias.js';
import { DEV_DIR, writeEmulatorState } from '../emulator-state.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadConfigModule, loadYamlModule } from '../lazy.js';
import { displayPath } from '../paths.js';
import { resolveScenarioPath } from '../scenarios.js';
import { isTerminal } from '../style.js';
import { waitForStopSignal } from '../wait-for-signal.js';
import { parsePort } from './emulator.js';

/** What `dev` reads of a scenario to write its config. */
interface DevScenario {
  defaultRegion?: string | undefined;
  users?: readonly { name: string }[] | undefined;
  secrets?: readonly ScenarioSecret[] | undefined;
}

/**
 * The scenario: the file given with --scenario, else the emulator package's built-in
 * single-account scenario (examples/scenarios/single-account.yaml, shipped in the bundle, so
 * an installed CLI needs no file). `source` is what startEmulator takes, `shown` how to name it.
 */
async function devScenario(
  cwd: string,
  flag: string | undefined,
): Promise<{
  source: string | ScenarioInput;
  scenario: DevScenario;
  shown: string;
  file?: string;
}> {
  if (flag === undefined) {
    const { singleAccountScenario } = await import('@vaultline/emulator');
    return {
      source: singleAccountScenario,
      scenario: singleAccountScenario,
      shown: 'built-in single-account scenario',
    };
  }
  const file = resolveScenarioPath(cwd, flag);
  const { parse } = await loadYamlModule();
  const scenario = parse(await readFile(file, 'utf8')) as DevScenario;
  return { source: file, scenario, shown: displayPath(cwd, file), file };
}

interface DevOptions {
  scenario?: string;
  user?: string;
  port?: number;
  token?: string;
  sidecar: boolean;
}

type Sidecar = { url: string | undefined; close(): Promise<void> };

/** Listens on the remembered port; on a free one when that one is taken (said on stderr). */
async function listenRemembered<T>(
  context: CliContext,
  what: string,
  remembered: number | undefined,
  explicit: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<T> {
  const port = explicit ?? remembered ?? 0;
  try {
    return await start(port);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse || explicit !== undefined || port === 0) throw error;
    context.stderr.write(`warning: port ${port} of the last ${what} is taken; using a free one\n`);
    return start(0);
  }
}

/** The sidecar on the dev config, logging JSON, or lines for people on a terminal. */
async function startDevSidecar(
  context: CliContext,
  configFile: string,
  token: string,
  port: number | undefined,
): Promise<Sidecar | undefined> {
  const { loadConfigOrThrow } = await loadConfigModule();
  const loaded = await loadConfigOrThrow(configFile, { env: {} });
  try {
    // Bundled with the CLI, evaluated only here.
    const { startSidecar } = await import('@vaultline/sidecar');
    const logDestination = isTerminal(context.stderr)
      ? humanLogDestination(context.stderr)
      : (context.stderr as { write(text: string): void });
    return await listenRemembered(context, 'sidecar', port, undefined, (http_port) =>
      startSidecar({
        config: loaded.config,
        settings: { http_port, log_level: 'warn' },
        env: { AWS_TOKEN: token },
        logDestination,
      }),
    );
  } catch (error) {
    context.stderr.write(
      `warning: the sidecar did not start (${(error as Error).message.split('\n')[0]})\n`,
    );
    return undefined;
  }
}

interface DevSession {
  emulatorUrl: string;
  scenario: string;
  stateFile: string;
  configFile: string;
  user: string;
  region: string;
  sidecarUrl: string | undefined;
  sidecarToken: string | undefined;
  firstSecret: string | undefined;
  firstConnection: string | undefined;
  /** The alias line that puts `vaultline` on this shell's hands, when it is not on PATH. */
  alias: string | undefined;
}

/** The commands to try, as a user types them (`vaultline ...`, whatever the install). */
function commandsToTry(session: DevSession): string[] {
  const cli = `vaultline --config ${session.configFile}`;
  const { firstSecret, firstConnection } = session;
  return [
    ...(firstSecret ? [`${cli} get ${firstSecret}`] : []),
    `${cli} list`,
    ...(firstConnection ? [`${cli} resolve ${firstConnection} --format env`] : []),
    `${cli} doctor`,
    ...(firstConnection ? [`${cli} exec --connection ${firstConnection} -- env`] : []),
    ...(session.sidecarUrl && firstSecret
      ? [
          `curl -H 'X-Aws-Parameters-Secrets-Token: ${session.sidecarToken}' '${session.sidecarUrl}/secretsmanager/get?secretId=${encodeURIComponent(firstSecret)}'`,
        ]
      : []),
    `eval "$(vaultline emulator credentials ${session.user})" && aws --endpoint-url ${session.emulatorUrl} --region ${session.region} secretsmanager list-secrets`,
  ];
}

/** What dev prints: its JSON object, or lines for people. */
function devReport(session: DevSession, json: boolean, quiet: boolean | undefined): string {
  if (json) {
    return `${JSON.stringify({
      emulator: {
        url: session.emulatorUrl,
        scenario: session.scenario,
        stateFile: session.stateFile,
      },
      config: { file: session.configFile, user: session.user, region: session.region },
      sidecar: session.sidecarUrl ? { url: session.sidecarUrl, token: session.sidecarToken } : null,
      commands: commandsToTry(session),
      alias: session.alias ?? null,
    })}\n`;
  }
  const lines = [
    `emulator   ${session.emulatorUrl}  (${session.scenario}; control token in ${session.stateFile})`,
    `config     ${session.configFile}  (access-key auth as scenario user '${session.user}', region ${session.region})`,
    ...(session.sidecarUrl
      ? [`sidecar    ${session.sidecarUrl}  (token: ${session.sidecarToken})`]
      : []),
  ];
  if (!quiet) {
    lines.push('', 'Try, in another terminal in this directory:');
    if (session.alias)
      lines.push(
        `  ${session.alias}    # vaultline is not on PATH; this makes the lines below work`,
      );
    lines.push(...commandsToTry(session).map((line) => `  ${line}`), '', 'Stop with Ctrl-C.');
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the config for the emulator, as the scenario user (mode 0600); its path. */
async function writeDevConfig(
  context: CliContext,
  emu: { url: string },
  user: { accessKeyId: string; secretAccessKey: string },
  region: string,
  connections: Record<string, unknown>,
): Promise<string> {
  const { emulatorConfig } = await import('@vaultline/emulator');
  const { stringify } = await loadYamlModule();
  const configFile = join(context.cwd, DEV_DIR, 'vaultline.yaml');
  await writeFile(
    configFile,
    `# Written by 'vaultline dev' for its local emulator; the keys are the emulator's, not AWS's.\n${stringify(
      emulatorConfig({
        url: emu.url,
        region,
        accessKeyId: user.accessKeyId,
        secretAccessKey: user.secretAccessKey,
        connections: connections as never,
      }),
    )}`,
    { mode: 0o600 },
  );
  await chmod(configFile, 0o600);
  return configFile;
}

/** A new sidecar token: 32 characters, 192 bits. */
async function newToken(): Promise<string> {
  // node:crypto loaded here, not at startup: it costs every command a few ms to load.
  const { randomBytes } = await import('node:crypto');
  return randomBytes(24).toString('base64url');
}

/** `vaultline dev [--scenario FILE] [--user NAME] [--port N] [--token T] [--no-sidecar]` */
export function registerDev(program: Command, context: CliContext): void {
  program
    .command('dev')
    .description(
      'start the emulator with example secrets, a ready config and the sidecar; print what to try',
    )
    .option(
      '--scenario <file>',
      'a scenario YAML, or the name of one shipped with vaultline (default: single-account)',
    )
    .option('--user <name>', 'the scenario user whose keys the config uses (default: the first)')
    .option('--port <n>', 'the emulator port (default: the last one, else a free one)', parsePort)
    .option('--token <token>', "the sidecar's token (default: the last one, else a new one)")
    .option('--no-sidecar', 'do not start the sidecar')
    .addHelpText(
      'after',
      '\nPorts and the token are kept in .vaultline-dev/dev.json, so the printed commands stay the\nsame from run to run. The sidecar logs JSON lines, or lines for people on a terminal.',
    )
    .action((options: DevOptions, command: Command) => runDev(context, options, command));
}

type DevEmulator = Awaited<ReturnType<typeof import('@vaultline/emulator')['startEmulator']>>;

/** `vaultline dev`: the emulator, a config for it, the sidecar; then wait for Ctrl-C. */
async function runDev(context: CliContext, options: DevOptions, command: Command): Promise<void> {
  const globals = globalsOf(command);
  // Listen for Ctrl-C before anything starts: a signal that comes while starting, or right
  // after the report is printed, then closes what was started instead of killing the process.
  const stopped = waitForStopSignal();
  const scenario = await devScenario(context.cwd, options.scenario);
  const remembered = await readDevSettings(context.cwd);
  const { startEmulator } = await import('@vaultline/emulator');
  const emu = await listenRemembered(context, 'emulator', remembered.port, options.port, (port) =>
    startEmulator({ host: '127.0.0.1', port, scenario: scenario.source }),
  );
  const running: { sidecar?: Sidecar } = {};
  try {
    const session = await startDevSession(context, options, globals, scenario, emu, {
      remembered,
      running,
    });
    context.stdout.write(devReport(session, wantsJson(globals), globals.quiet));
    await stopped;
  } finally {
    await running.sidecar?.close();
    await emu.close();
  }
  context.setExitCode(ExitCode.OK);
}

/**
 * Everything after the emulator listens: its state file, the dev config for a scenario user,
 * the sidecar (kept in `running` so the caller closes it), the remembered ports and token.
 */
async function startDevSession(
  context: CliContext,
  options: DevOptions,
  globals: ReturnType<typeof globalsOf>,
  { scenario: raw, shown, file }: Awaited<ReturnType<typeof devScenario>>,
  emu: DevEmulator,
  {
    remembered,
    running,
  }: { remembered: Awaited<ReturnType<typeof readDevSettings>>; running: { sidecar?: Sidecar } },
): Promise<DevSession> {
  const { scenarioConnections } = await import('@vaultline/emulator');
  const stateFile = await writeEmulatorState(context.cwd, {
    url: emu.url,
    controlToken: emu.controlToken,
    ...(file ? { scenario: file } : {}),
    pid: process.pid,
  });
  const userName = options.user ?? raw.users?.[0]?.name;
  if (!userName) {
    throw new CliError('USAGE', `the scenario ${shown} has no users to read secrets with`, {
      hint: 'add a user with a Secrets Manager policy, or pick another --scenario',
    });
  }
  const user = await emu.control.userCredentials(userName);
  const region = globals.region ?? raw.defaultRegion ?? 'us-east-1';
  const connections = scenarioConnections(
    raw.secrets ?? [],
    region,
    raw.defaultRegion ?? 'us-east-1',
  );
  const configFile = await writeDevConfig(context, emu, user, region, connections);
  const token = options.token ?? remembered.token ?? (await newToken());
  if (options.sidecar) {
    running.sidecar = await startDevSidecar(context, configFile, token, remembered.sidecarPort);
  }
  const sidecar = running.sidecar;
  const sidecarPort = sidecar?.url ? Number(new URL(sidecar.url).port) : remembered.sidecarPort;
  await writeDevSettings(context.cwd, {
    port: Number(new URL(emu.url).port),
    ...(sidecarPort ? { sidecarPort } : {}),
    token,
  });
  return {
    emulatorUrl: emu.url,
    scenario: shown,
    stateFile: displayPath(context.cwd, stateFile),
    configFile: displayPath(context.cwd, configFile),
    user: userName,
    region,
    sidecarUrl: sidecar?.url,
    sidecarToken: sidecar?.url ? token : undefined,
    firstSecret: (raw.secrets ?? []).find(
      (s) => (s.region ?? raw.defaultRegion) === region && s.value !== undefined,
    )?.name,
    firstConnection: Object.keys(connections)[0],
    alias: shellAlias({
      path: context.env.PATH,
      execPath: process.execPath,
      script: process.argv[1] ?? '',
    }),
  };
}
