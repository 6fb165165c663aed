import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerCompletion } from './completion.js';
import { registerDescribe } from './describe.js';
import { registerDev } from './dev.js';
import { registerDoctor } from './doctor.js';
import { registerEmulator } from './emulator.js';
import { registerExec } from './exec.js';
import { registerGet } from './get.js';
import { registerInit } from './init.js';
import { registerList } from './list.js';
import { registerMan } from './man.js';
import { registerNames } from './names.js';
import { registerPolicy } from './policy.js';
import { registerResolve } from './resolve.js';
import { registerSidecar } from './sidecar.js';
import { registerValidate } from './validate.js';

/** Adds one command (and its subcommands) to the program. One file per command. */
export type RegisterCommand = (program: Command, context: CliContext) => void;

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerInit,
  registerValidate,
  registerDoctor,
  registerGet,
  registerDescribe,
  registerList,
  registerResolve,
  registerExec,
  registerPolicy,
  registerNames,
  registerEmulator,
  registerDev,
  registerSidecar,
  registerCompletion,
  registerMan,
];
