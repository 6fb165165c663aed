import { readFile } from 'node:fs/promises';
import { Argument, type Command } from 'commander';
import {
  CONNECTIONS_COMMAND,
  completionScript,
  SHELLS,
  type Shell,
} from '../completion/scripts.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadYamlModule } from '../lazy.js';
import { configPathOf } from '../load.js';

/**
 * The connection names of the config (--config, VAULTLINE_CONFIG or ./vaultline.yaml), for
 * the completion scripts: read from the YAML as written, so a config that does not validate
 * yet still completes; nothing at all when there is no file.
 */
async function connectionNames(context: CliContext, command: Command): Promise<string[]> {
  try {
    const { path } = await configPathOf(context, globalsOf(command));
    const { parse } = await loadYamlModule();
    const config = parse(await readFile(path, 'utf8')) as { connections?: unknown };
    const connections = config?.connections;
    return connections !== null && typeof connections === 'object' ? Object.keys(connections) : [];
  } catch {
    return []; // completion stays quiet: no file, unreadable, not YAML
  }
}

/** `vaultline completion bash|zsh|fish` (and the hidden `__connections` its scripts call) */
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
        `  zsh:  echo 'eval "$(vaultline completion zsh)"' >> ~/.zshrc`,
        '  fish: vaultline completion fish > ~/.config/fish/completions/vaultline.fish',
        '',
        'Completes commands, options (global ones after a command too), the values of --format',
        "and --output, files, and the connection names of the config (--config's, else",
        'VAULTLINE_CONFIG, else ./vaultline.yaml) as you type.',
      ].join('\n'),
    )
    .action((shell: Shell, _options: unknown, command: Command) => {
      const script = completionScript(program, shell);
      context.stdout.write(
        wantsJson(globalsOf(command)) ? `${JSON.stringify({ shell, script })}\n` : script,
      );
      context.setExitCode(ExitCode.OK);
    });

  program
    .command(CONNECTIONS_COMMAND, { hidden: true })
    .description('print the connection names of the config, one a line (for completion)')
    .action(async (_options: unknown, command: Command) => {
      const names = await connectionNames(context, command);
      context.stdout.write(
        wantsJson(globalsOf(command))
          ? `${JSON.stringify(names)}\n`
          : names.map((name) => `${name}\n`).join(''),
      );
      context.setExitCode(ExitCode.OK);
    });
}
