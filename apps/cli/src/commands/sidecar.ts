import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';

/** The command name; `run` hands everything after it to the sidecar (see runSidecar). */
export const SIDECAR_COMMAND = 'sidecar';

/**
 * `vaultline sidecar [options]`: the sidecar of @vaultline/sidecar, with the options of its
 * `vaultline-sidecar` bin. The CLI adds nothing of its own: it runs the package's
 * `runSidecarCommand`, the same function that bin runs, from its bundle.
 *
 * @example
 * await runSidecar(['--http-port', '0']);
 */
export async function runSidecar(argv: readonly string[]): Promise<void> {
  const { runSidecarCommand } = await import('@vaultline/sidecar');
  await runSidecarCommand([...argv], `vaultline ${SIDECAR_COMMAND}`);
}

/**
 * Lists `sidecar` in `vaultline --help`. `run` starts the sidecar before commander parses
 * anything when `sidecar` is the first argument, because the sidecar's `--config`,
 * `--region` and `--help` mean something else to vaultline. Reached only when vaultline
 * options come first (`vaultline -q sidecar`), which is refused.
 */
export function registerSidecar(program: Command, _context: CliContext): void {
  program
    .command(SIDECAR_COMMAND)
    .description(
      "run the sidecar (@vaultline/sidecar's local credentials server); 'vaultline sidecar --help' lists its options",
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new CliError('USAGE', 'vaultline options cannot come before sidecar', {
        hint: "put 'sidecar' first: vaultline sidecar [options] (see vaultline sidecar --help)",
      });
    });
}
