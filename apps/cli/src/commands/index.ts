import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerNames } from './names.js';
import { registerValidate } from './validate.js';

/** Adds one command (and its subcommands) to the program. One file per command. */
export type RegisterCommand = (program: Command, context: CliContext) => void;

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerValidate, registerNames];
