import type { Command, Option } from 'commander';
import { POLICY_ID_NAMES } from '../lazy.js';

/**
 * Where the values of an option or argument come from: fixed words (choices), the
 * connection names of the config (asked of `vaultline __connections` as the shell
 * completes), file names, or free text (nothing to offer).
 */
export type ValueSource =
  | { kind: 'words'; words: readonly string[] }
  | { kind: 'connections' }
  | { kind: 'files' }
  | { kind: 'text' };

export interface OptionSpec {
  flags: string[];
  description: string;
  /** Undefined when the option takes no value. */
  value: ValueSource | undefined;
}

export interface CommandSpec {
  /** The words after `vaultline` (empty for the program itself). */
  path: string[];
  description: string;
  /** This command's own options, then the program's (accepted after any command). */
  options: OptionSpec[];
  /** What the first positional argument takes, when the command has one. */
  argument: ValueSource | undefined;
  subcommands: CommandSpec[];
}

// Options whose values are connection names or files, by long name.
const CONNECTION_OPTIONS = ['--connection'];
const FILE_OPTIONS = ['--config', '--dotenv', '--scenario'];
// Positional arguments whose values are known, by argument name.
const ARGUMENT_VALUES: Readonly<Record<string, ValueSource>> = {
  connection: { kind: 'connections' },
  document: { kind: 'words', words: [...POLICY_ID_NAMES, 'all'] },
  command: { kind: 'files' },
};

function optionValueSource(option: Option): ValueSource | undefined {
  if (!option.required && !option.optional) return undefined;
  if (option.argChoices) return { kind: 'words', words: option.argChoices };
  if (option.long && CONNECTION_OPTIONS.includes(option.long)) return { kind: 'connections' };
  if (option.long && FILE_OPTIONS.includes(option.long)) return { kind: 'files' };
  return { kind: 'text' };
}

const optionSpecs = (command: Command): OptionSpec[] =>
  command.options
    .filter((option) => !option.hidden)
    .map((option) => ({
      flags: [option.short, option.long].filter((flag): flag is string => Boolean(flag)),
      description: option.description,
      value: optionValueSource(option),
    }));

/** A command's options, then the global ones it does not define itself (validate's --config). */
function withGlobals(own: OptionSpec[], globals: OptionSpec[]): OptionSpec[] {
  const taken = new Set(own.flatMap((option) => option.flags));
  return [...own, ...globals.filter((option) => !option.flags.some((flag) => taken.has(flag)))];
}

function argumentOf(command: Command): ValueSource | undefined {
  const first = command.registeredArguments[0];
  if (!first) return undefined;
  if (first.argChoices) return { kind: 'words', words: first.argChoices };
  return ARGUMENT_VALUES[first.name()] ?? { kind: 'text' };
}

/**
 * What completion needs to know of the program: every visible command, its options (with
 * the program's global ones, which commander accepts after any command), what each option
 * and the first argument take.
 *
 * @example
 * completionSpec(program).subcommands.map((c) => c.path[0]); // ['init', 'validate', ...]
 */
export function completionSpec(program: Command): CommandSpec {
  const globals = optionSpecs(program);
  const visible = (command: Command) =>
    command
      .createHelp()
      .visibleCommands(command)
      .filter((sub) => sub.name() !== 'help');
  const specOf = (command: Command, path: string[]): CommandSpec => ({
    path,
    description: command.description(),
    options: path.length === 0 ? globals : withGlobals(optionSpecs(command), globals),
    argument: argumentOf(command),
    subcommands: visible(command).map((sub) => specOf(sub, [...path, sub.name()])),
  });
  return specOf(program, []);
}

/** The program and every command under it, depth first. */
export const allCommands = (spec: CommandSpec): CommandSpec[] => [
  spec,
  ...spec.subcommands.flatMap(allCommands),
];
