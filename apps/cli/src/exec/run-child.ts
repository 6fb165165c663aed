import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { constants as os } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { createMasker } from '@vaultline/secret-names';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

/**
 * How long held-back output may wait for the rest of a possible secret value before it is
 * written as it is: a prompt without a newline must not stall. A value the program writes
 * in pieces further apart than this is not masked.
 */
export const IDLE_FLUSH_MS = 200;

/** The signals `vaultline exec` passes on to its child. */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface RunChildOptions {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  /** The PATH to find `command` in (the CLI's own, even when the child's env is pristine). */
  searchPath: string | undefined;
  cwd: string;
  /** Values to mask in the child's stdout and stderr; empty or undefined: no masking. */
  mask?: readonly string[];
  stdout: Output;
  stderr: Output;
}

/** The executable for `command`: itself when it has a slash, else the first match on PATH. */
export function findExecutable(
  command: string,
  searchPath: string | undefined,
  cwd: string,
): string {
  if (command.includes('/')) return isAbsolute(command) ? command : join(cwd, command);
  for (const dir of (searchPath ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  throw new CliError('COMMAND_NOT_FOUND', `command not found: ${command}`, {
    hint: 'check the spelling, or give the full path to the program after --',
  });
}

/**
 * Runs a program, forwards SIGINT, SIGTERM and SIGHUP to it, optionally masks values in
 * its stdout and stderr, and resolves with its exit code (128 + the signal number when a
 * signal ended it), after its output has been written.
 *
 * @example
 * const code = await runChild({ command: 'psql', args: [], env, searchPath: process.env.PATH, cwd, mask: [password], stdout, stderr });
 */
export async function runChild(options: RunChildOptions): Promise<number> {
  const executable = findExecutable(options.command, options.searchPath, options.cwd);
  const masking = options.mask !== undefined && options.mask.length > 0;
  const child = spawn(executable, options.args, {
    cwd: options.cwd,
    env: options.env,
    argv0: options.command,
    stdio: ['inherit', masking ? 'pipe' : 'inherit', masking ? 'pipe' : 'inherit'],
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    if (masking) {
      for (const [stream, out] of [
        [child.stdout, options.stdout],
        [child.stderr, options.stderr],
      ] as const) {
        const masker = createMasker(options.mask ?? []);
        let idle: NodeJS.Timeout | undefined;
        const write = (text: string) => {
          if (text) out.write(text);
        };
        stream?.on('data', (chunk: Buffer) => {
          clearTimeout(idle);
          write(masker.push(chunk));
          if (masker.holding) idle = setTimeout(() => write(masker.flush()), IDLE_FLUSH_MS);
        });
        stream?.on('end', () => {
          clearTimeout(idle);
          write(masker.end());
        });
      }
    }
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error) =>
        reject(
          new CliError(
            'COMMAND_NOT_FOUND',
            `could not start ${options.command}: ${error.message}`,
            {
              hint: 'check that the program exists and is executable',
              cause: error,
            },
          ),
        ),
      );
      child.once('close', (code, signal) => {
        if (code !== null) resolve(code);
        else resolve(128 + (signal ? (os.signals[signal] ?? 0) : 0));
      });
    });
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
