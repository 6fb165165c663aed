import type { Command } from 'commander';
import { CliError } from '../errors.js';

const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** The option of `command` that `token` names, and whether it takes the next word as value. */
function optionTakingValue(command: Command, token: string): boolean | undefined {
  const name = token.includes('=') ? token.slice(0, token.indexOf('=')) : token;
  const option = command.options.find((o) => o.long === name || o.short === name);
  if (!option) return undefined;
  return !token.includes('=') && (option.required || option.optional);
}

/**
 * `vaultline exec --connection db sh -c 'echo hi'` (no `--`) hands `-c` to vaultline as
 * `--config`. When the first word after exec's options looks like a program and an option
 * follows it, this returns a CliError (exit 2) that shows the command with `--` in place;
 * undefined when the command is not exec, has a `--`, or its program has no options.
 *
 * @example
 * missingSeparator(['exec', '--connection', 'db', 'sh', '-c', 'echo hi'], program); // CliError
 */
export function missingSeparator(argv: readonly string[], program: Command): CliError | undefined {
  let index = 0;
  let exec: Command | undefined;
  let programAt: number | undefined;
  while (index < argv.length) {
    const token = argv[index] ?? '';
    if (token === '--') return undefined;
    if (token.startsWith('-') && token.length > 1) {
      if (programAt !== undefined) break;
      const takesValue =
        optionTakingValue(program, token) ??
        (exec ? optionTakingValue(exec, token) : undefined) ??
        false;
      index += takesValue ? 2 : 1;
      continue;
    }
    if (!exec) {
      exec = token === 'exec' ? program.commands.find((c) => c.name() === 'exec') : undefined;
      if (!exec) return undefined;
    } else if (programAt === undefined) {
      programAt = index;
    }
    index += 1;
  }
  if (programAt === undefined || index >= argv.length) return undefined;
  const before = argv.slice(0, programAt).map(shellWord);
  const after = argv.slice(programAt).map(shellWord);
  return new CliError(
    'USAGE',
    `put -- before the program: without it, '${argv[index]}' after '${argv[programAt]}' would be read as an option of vaultline`,
    { hint: `vaultline ${[...before, '--', ...after].join(' ')}` },
  );
}
