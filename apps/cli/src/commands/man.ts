import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { manPage } from '../man/man-page.js';
import { packageVersion } from '../package-version.js';

/** The hidden command the build runs to write dist/vaultline.1 (build/finish.mjs). */
export const MAN_COMMAND = '__man';

/** `vaultline __man`: the man page, from the help text (hidden; for the build). */
export function registerMan(program: Command, context: CliContext): void {
  program
    .command(MAN_COMMAND, { hidden: true })
    .description('print the vaultline(1) man page in roff')
    .action(() => {
      context.stdout.write(manPage(program, packageVersion()));
      context.setExitCode(ExitCode.OK);
    });
}
