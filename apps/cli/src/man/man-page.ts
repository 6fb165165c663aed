import type { Command, Help } from 'commander';

/** Text as roff: backslashes and hyphens escaped, a leading dot or quote made literal. */
const roff = (text: string): string =>
  text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');

function optionLines(help: Help, command: Command, options = help.visibleOptions(command)) {
  return options.flatMap((option) => [
    '.TP',
    `.B ${roff(help.optionTerm(option))}`,
    roff(help.optionDescription(option)),
  ]);
}

function commandSection(help: Help, command: Command, path: string): string[] {
  const own = help.visibleOptions(command).filter((option) => option.long !== '--help');
  const subcommands = help.visibleCommands(command).filter((sub) => sub.name() !== 'help');
  return [
    `.SS ${roff(`vaultline ${path} ${command.usage()}`.trimEnd())}`,
    roff(help.commandDescription(command)),
    ...(own.length > 0 ? optionLines(help, command, own) : []),
    ...subcommands.flatMap((sub) => commandSection(help, sub, `${path} ${sub.name()}`)),
  ];
}

/**
 * The vaultline(1) man page, in roff, from the same help text as `--help`: the program's
 * description and global options, then each command with its usage, description and options.
 *
 * @example
 * writeFileSync('vaultline.1', manPage(program, '1.2.0'));
 */
export function manPage(program: Command, version: string): string {
  const help = program.createHelp();
  const globals = help.visibleOptions(program).filter((option) => option.long !== '--help');
  const commands = help.visibleCommands(program).filter((command) => command.name() !== 'help');
  return `${[
    `.TH VAULTLINE 1 "" "vaultline ${roff(version)}" "User Commands"`,
    '.SH NAME',
    `vaultline \\- ${roff(program.description())}`,
    '.SH SYNOPSIS',
    '.B vaultline',
    '[global options] command [options] [arguments]',
    '.SH GLOBAL OPTIONS',
    'Accepted before or after the command.',
    ...optionLines(help, program, globals),
    '.SH COMMANDS',
    ...commands.flatMap((command) => commandSection(help, command, command.name())),
    '.SH JSON OUTPUT',
    roff(
      'With --json (or --output json) every command prints one documented JSON shape, and an error is one JSON object on stderr: code, message, hint, exitCode. The shapes are in docs/commands/ of the vaultline repository.',
    ),
    '.SH EXIT STATUS',
    roff(
      "0 ok, 1 operational error, 2 usage or config error, 3 access denied, 4 not found; exec: the program's own, 126 when it cannot be run, 127 when it is not found.",
    ),
  ].join('\n')}\n`;
}
