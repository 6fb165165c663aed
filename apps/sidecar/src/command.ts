import { SidecarError } from './errors.js';
import { sidecarHelp } from './help.js';
import { parseSidecarFlags } from './settings-sources.js';
import { startSidecar } from './sidecar.js';

/**
 * The sidecar as a command: `--help`, or start it with these flags and serve until SIGTERM
 * or SIGINT, then finish in-flight requests and exit 0. A startup failure prints one line,
 * `<command>: <message>`, and exits 2 when the settings are at fault (invalid, a weak token,
 * an unsafe file mode, a non-loopback bind, an unreadable file), 1 when the machine is (the
 * port cannot be taken) or for an unexpected failure. The
 * `vaultline-sidecar` bin runs it, and so does `vaultline sidecar` of @vaultline/cli; it
 * owns the process (signal handlers, exit code), so it is not for use inside another server.
 *
 * @example
 * await runSidecarCommand(process.argv.slice(2), 'vaultline-sidecar');
 */
export async function runSidecarCommand(argv: string[], command: string): Promise<void> {
  try {
    if (parseSidecarFlags(argv).help) {
      process.stdout.write(sidecarHelp(command));
      return;
    }
    const sidecar = await startSidecar({ argv });
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
    process.exit(isUserError(error) ? 2 : 1);
  }
}

/** Whether the user can fix the failure in their settings (exit 2), as the CLI's exit codes. */
const isUserError = (error: unknown): boolean =>
  error instanceof SidecarError && error.code !== 'LISTEN_FAILED';
