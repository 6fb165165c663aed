import type { Command } from 'commander';

/** The options every command accepts (defined once, on the program). */
export interface GlobalOptions {
  config?: string;
  region?: string;
  output?: 'text' | 'json';
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * The global options as seen by a command's action (`this` of the action, or the command).
 *
 * @example
 * .action(function (this: Command) { const { config } = globalsOf(this); })
 */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/**
 * True when the command should print JSON: `--json` or `--output json` (both global).
 *
 * @example
 * wantsJson(globalsOf(this));
 */
export function wantsJson(globals: GlobalOptions): boolean {
  return globals.json === true || globals.output === 'json';
}
