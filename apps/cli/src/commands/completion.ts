import { Argument, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion/scripts.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';

/** `vaultline completion bash|zsh|fish` */
export function registerCompletion(program: Command, context: CliContext): void {
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices([...SHELLS]))
    .addHelpText(
      'after',
      [
        '',
        'Install:',
        `  bash: echo 'eval "$(vaultline completion bash)"' >> ~/.bashrc`,
        '  zsh:  vaultline completion zsh > "$' + '{fpath[1]}/_vaultline"',
        '  fish: vaultline completion fish > ~/.config/fish/completions/vaultline.fish',
      ].join('\n'),
    )
    .action((shell: Shell, _options: unknown, command: Command) => {
      const script = completionScript(program, shell);
      context.stdout.write(
        wantsJson(globalsOf(command)) ? `${JSON.stringify({ shell, script })}\n` : script,
      );
      context.setExitCode(ExitCode.OK);
    });
}
