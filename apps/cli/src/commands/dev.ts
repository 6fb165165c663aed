import { chmod, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ScenarioInput, ScenarioSecret } from '@vaultline/emulator';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { DEV_DIR, writeEmulatorState } from '../emulator-state.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf } from '../globals.js';
import { loadConfigModule, loadYamlModule } from '../lazy.js';
import { displayPath } from '../paths.js';
import { waitForStopSignal } from '../wait-for-signal.js';
import { parsePort } from './emulator.js';

/** How to run this CLI again from `cwd`: `vaultline` when installed, else node and the path. */
function invokedAs(cwd: string): string {
  const script = process.argv[1] ?? '';
  return script.endsWith('cli.js') ? `node ${displayPath(cwd, script)}` : 'vaultline';
}

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
  const file = isAbsolute(flag) ? flag : join(cwd, flag);
  const { parse } = await loadYamlModule();
  const scenario = parse(await readFile(file, 'utf8')) as DevScenario;
  return { source: file, scenario, shown: displayPath(cwd, file), file };
}

interface DevOptions {
  scenario?: string;
  user?: string;
  port?: number;
  sidecar: boolean;
}

/** `vaultline dev [--scenario FILE] [--user NAME] [--no-sidecar]` */
export function registerDev(program: Command, context: CliContext): void {
  program
    .command('dev')
    .description(
      'start the emulator with example secrets, a ready config and the sidecar; print what to try',
    )
    .option(
      '--scenario <file>',
      'a scenario YAML (default: the built-in single-account scenario, examples/scenarios/single-account.yaml)',
    )
    .option('--user <name>', 'the scenario user whose keys the config uses (default: the first)')
    .option('--port <n>', 'the emulator port (default: a free one)', parsePort)
    .option('--no-sidecar', 'do not start the sidecar')
    .action(async (options: DevOptions, command: Command) => {
      const globals = globalsOf(command);
      const {
        source,
        scenario: raw,
        shown,
        file,
      } = await devScenario(context.cwd, options.scenario);
      const { emulatorConfig, scenarioConnections, startEmulator } = await import(
        '@vaultline/emulator'
      );
      const emu = await startEmulator({
        host: '127.0.0.1',
        port: options.port ?? 0,
        scenario: source,
      });
      let sidecar: { url: string | undefined; close(): Promise<void> } | undefined;
      try {
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
        const { stringify } = await loadYamlModule();
        const region = globals.region ?? raw.defaultRegion ?? 'us-east-1';
        const connections = scenarioConnections(
          raw.secrets ?? [],
          region,
          raw.defaultRegion ?? 'us-east-1',
        );
        const configFile = join(context.cwd, DEV_DIR, 'vaultline.yaml');
        await writeFile(
          configFile,
          `# Written by 'vaultline dev' for its local emulator; the keys are the emulator's, not AWS's.\n${stringify(
            emulatorConfig({
              url: emu.url,
              region,
              accessKeyId: user.accessKeyId,
              secretAccessKey: user.secretAccessKey,
              connections,
            }),
          )}`,
          { mode: 0o600 },
        );
        await chmod(configFile, 0o600);
        const shownConfig = displayPath(context.cwd, configFile);

        let sidecarToken: string | undefined;
        if (options.sidecar) {
          const { loadConfigOrThrow } = await loadConfigModule();
          const loaded = await loadConfigOrThrow(configFile, { env: {} });
          // node:crypto loaded here, not at startup: it costs every command a few ms to load.
          const { randomBytes } = await import('node:crypto');
          sidecarToken = randomBytes(24).toString('base64url'); // 32 characters, 192 bits
          try {
            // Bundled with the CLI, evaluated only here.
            const { startSidecar } = await import('@vaultline/sidecar');
            sidecar = await startSidecar({
              config: loaded.config,
              settings: { http_port: 0, log_level: 'warn' },
              env: { AWS_TOKEN: sidecarToken },
              logDestination: process.stderr,
            });
          } catch (error) {
            sidecarToken = undefined;
            context.stderr.write(
              `warning: the sidecar did not start (${(error as Error).message.split('\n')[0]})\n`,
            );
          }
        }

        const cli = invokedAs(context.cwd);
        const firstSecret = (raw.secrets ?? []).find(
          (s) => (s.region ?? raw.defaultRegion) === region && s.value !== undefined,
        );
        const firstConnection = Object.keys(connections)[0];
        const lines = [
          `emulator   ${emu.url}  (${shown}; control token in ${displayPath(context.cwd, stateFile)})`,
          `config     ${shownConfig}  (access-key auth as scenario user '${userName}', region ${region})`,
          ...(sidecar?.url ? [`sidecar    ${sidecar.url}  (token: ${sidecarToken})`] : []),
        ];
        if (!globals.quiet) {
          lines.push('', 'Try, in another terminal in this directory:');
          if (firstSecret) lines.push(`  ${cli} --config ${shownConfig} get ${firstSecret.name}`);
          lines.push(`  ${cli} --config ${shownConfig} list`);
          if (firstConnection)
            lines.push(`  ${cli} --config ${shownConfig} resolve ${firstConnection} --format env`);
          lines.push(`  ${cli} --config ${shownConfig} doctor`);
          if (firstConnection)
            lines.push(
              `  ${cli} --config ${shownConfig} exec --connection ${firstConnection} -- env`,
            );
          if (sidecar?.url && firstSecret) {
            lines.push(
              `  curl -H 'X-Aws-Parameters-Secrets-Token: ${sidecarToken}' '${sidecar.url}/secretsmanager/get?secretId=${encodeURIComponent(firstSecret.name)}'`,
            );
          }
          lines.push(
            `  eval "$(${cli} emulator credentials ${userName})" && aws --endpoint-url ${emu.url} --region ${region} secretsmanager list-secrets`,
            '',
            'Stop with Ctrl-C.',
          );
        }
        context.stdout.write(`${lines.join('\n')}\n`);
        await waitForStopSignal();
      } finally {
        await sidecar?.close();
        await emu.close();
      }
      context.setExitCode(ExitCode.OK);
    });
}
