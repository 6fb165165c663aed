import { SidecarError, type SidecarErrorCode } from './errors.js';
import { sidecarHelp } from './help.js';
import { parseSidecarFlags } from './settings-sources.js';
import { startSidecar } from './sidecar.js';
import { sidecarVersion } from './version.js';

/**
 * Startup failures that are the user's to fix (settings, a weak or missing token, a file's
 * mode or path, a non-loopback bind): exit 2, as the CLI's user errors.
 */
const USER_ERRORS: ReadonlySet<SidecarErrorCode> = new Set([
  'INVALID_SETTINGS',
  'WEAK_TOKEN',
  'UNSAFE_FILE_MODE',
  'NO_TOKEN',
  'NON_LOOPBACK_BIND',
  'SETTINGS_FILE_UNREADABLE',
  'TOKEN_FILE_UNREADABLE',
]);

/**
 * The agent's command line is `aws-workload-credentials-provider sm start --config <file>`;
 * the leading `sm start` is accepted and dropped, so scripts written for it run unchanged.
 */
function withoutAgentSubcommand(argv: string[]): string[] {
  return argv[0] === 'sm' && argv[1] === 'start' ? argv.slice(2) : argv;
}

/**
 * The sidecar as a command: `--help`, or start it with these flags and serve until SIGTERM
 * or SIGINT, then finish in-flight requests and exit 0. A startup failure prints one line,
 * `<command>: <message>`, and exits 2 for the user's errors (invalid settings, a weak token,
 * a token or settings file others can read or write), 1 otherwise. The
 * `vaultline-sidecar` bin runs it, and so does `vaultline sidecar` of @vaultline/cli; it
 * owns the process (signal handlers, exit code), so it is not for use inside another server.
 *
 * @example
 * await runSidecarCommand(process.argv.slice(2), 'vaultline-sidecar');
 */
export async function runSidecarCommand(argv: string[], command: string): Promise<void> {
  try {
    const flags = withoutAgentSubcommand(argv);
    if (parseSidecarFlags(flags).help) {
      process.stdout.write(sidecarHelp(command));
      return;
    }
    const sidecar = await startSidecar({
      argv: flags,
      // The agent's startup line (aws_secretsmanager_provider/src/lib.rs:58-63), first on
      // stdout: AWS's integration harness reads the first line for "listening on".
      onListening: (url) =>
        process.stdout.write(`Secrets Manager Provider/${sidecarVersion()} listening on ${url}\n`),
    });
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      sidecar.logger.info({ signal }, 'stopping: finishing in-flight requests');
      sidecar.close().then(
        () => process.exit(0),
        (error: unknown) => {
          sidecar.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } catch (error) {
    const message =
      error instanceof SidecarError
        ? `${command}: ${error.message}\n`
        : `${command}: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`;
    process.stderr.write(message);
    process.exit(error instanceof SidecarError && USER_ERRORS.has(error.code) ? 2 : 1);
  }
}
