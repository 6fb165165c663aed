import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { emulatorNotRunning, readEmulatorState, writeEmulatorState } from '../emulator-state.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { displayPath } from '../paths.js';
import { resolveScenarioPath } from '../scenarios.js';
import { waitForStopSignal } from '../wait-for-signal.js';

/** `--port` of `emulator` and `dev`: 0 to 65535. */
export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError('USAGE', `--port expects a number from 0 to 65535; received '${value}'`, {
      hint: '0 picks a free port',
    });
  }
  return port;
};

/** `vaultline emulator [--scenario FILE] [--port N]` and `vaultline emulator credentials <user>` */
export function registerEmulator(program: Command, context: CliContext): void {
  const emulator = program
    .command('emulator')
    .description(
      'run the local AWS emulator (Secrets Manager, STS, KMS, instance metadata) until Ctrl-C',
    )
    .option(
      '--scenario <file>',
      'a scenario YAML, or one shipped with vaultline (examples/scenarios/cross-account.yaml, or cross-account)',
    )
    .option('--port <n>', 'the port on 127.0.0.1 (default: a free one)', parsePort)
    .action((options: { scenario?: string; port?: number }, command: Command) =>
      runEmulator(context, options, command),
    );

  emulator
    .command('credentials')
    .description(
      "print a scenario user's access keys as AWS_* variables (for eval), from the running emulator",
    )
    .argument('<user>', 'the user name in the scenario')
    .option('--account <id>', 'the account, when several have the user')
    .action((user: string, options: { account?: string }, command: Command) =>
      printCredentials(context, user, options, command),
    );
}

/** `vaultline emulator`: listen, record the state file, say where, wait for Ctrl-C. */
async function runEmulator(
  context: CliContext,
  options: { scenario?: string; port?: number },
  command: Command,
): Promise<void> {
  const globals = globalsOf(command);
  // Listening for Ctrl-C from the start: see runDev.
  const stopped = waitForStopSignal();
  const { startEmulator } = await import('@vaultline/emulator');
  const scenario =
    options.scenario === undefined ? undefined : resolveScenarioPath(context.cwd, options.scenario);
  const emu = await startEmulator({
    host: '127.0.0.1',
    port: options.port ?? 0,
    ...(scenario ? { scenario } : {}),
  });
  try {
    const stateFile = await writeEmulatorState(context.cwd, {
      url: emu.url,
      controlToken: emu.controlToken,
      ...(scenario ? { scenario } : {}),
      pid: process.pid,
    });
    const shownState = displayPath(context.cwd, stateFile);
    if (wantsJson(globals)) {
      context.stdout.write(`${JSON.stringify({ url: emu.url, stateFile })}\n`);
    } else {
      context.stdout.write(
        [
          `emulator listening on ${emu.url}${scenario ? ` with ${displayPath(context.cwd, scenario)}` : ''}`,
          `control token in ${shownState} (header x-emulator-token; GET ${emu.url}/_emulator/identities lists the users' keys)`,
          ...(globals.quiet
            ? []
            : [
                `keys of a user as variables: eval "$(vaultline emulator credentials <user>)"`,
                'stop with Ctrl-C',
              ]),
          '',
        ].join('\n'),
      );
    }
    await stopped;
  } finally {
    await emu.close();
  }
  context.setExitCode(ExitCode.OK);
}

/** `vaultline emulator credentials <user>`: a user's keys from the running emulator. */
async function printCredentials(
  context: CliContext,
  user: string,
  options: { account?: string },
  command: Command,
): Promise<void> {
  const globals = globalsOf(command);
  const state = await readEmulatorState(context.cwd);
  const { EmulatorControl } = await import('@vaultline/emulator');
  const control = new EmulatorControl(state.url, state.controlToken);
  const credentials = await control.userCredentials(user, options.account).catch((error: Error) => {
    // No answer at all (connection refused): the emulator is gone, not the user.
    if (error instanceof TypeError) throw emulatorNotRunning(state);
    throw new CliError(
      'USAGE',
      `the emulator at ${state.url} has no user '${user}': ${error.message}`,
      {
        hint: 'GET /_emulator/identities lists the users of the loaded scenario',
      },
    );
  });
  context.stdout.write(
    wantsJson(globals)
      ? `${JSON.stringify({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey })}\n`
      : `export AWS_ACCESS_KEY_ID='${credentials.accessKeyId}'\nexport AWS_SECRET_ACCESS_KEY='${credentials.secretAccessKey}'\n`,
  );
  context.setExitCode(ExitCode.OK);
}
