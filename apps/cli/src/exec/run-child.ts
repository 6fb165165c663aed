import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { constants as os } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
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

const isExecutableFile = (path: string): 'yes' | 'not-executable' | 'missing' => {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 'missing';
  if (info.isDirectory()) return 'not-executable';
  try {
    accessSync(path, constants.X_OK);
    return 'yes';
  } catch {
    return 'not-executable';
  }
};

const notExecutable = (command: string, path: string): CliError =>
  new CliError('COMMAND_NOT_EXECUTABLE', `cannot run ${command}: ${path} is not executable`, {
    hint: `make it executable (chmod +x ${path}), or run it with its interpreter after --`,
  });

/**
 * The executable for `command`: itself when it has a slash, else the first executable match
 * on PATH. Like a shell: a program not found is COMMAND_NOT_FOUND (exit 127), one found but
 * not executable (a directory, no x bit) COMMAND_NOT_EXECUTABLE (exit 126).
 */
export function findExecutable(
  command: string,
  searchPath: string | undefined,
  cwd: string,
): string {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : join(cwd, command);
    const state = isExecutableFile(path);
    if (state === 'not-executable') throw notExecutable(command, path);
    if (state === 'missing') {
      throw new CliError('COMMAND_NOT_FOUND', `command not found: ${command}`, {
        hint: `no file at ${path}; check the path of the program after --`,
      });
    }
    return path;
  }
  let unusable: string | undefined;
  for (const dir of (searchPath ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    const state = isExecutableFile(candidate);
    if (state === 'yes') return candidate;
    if (state === 'not-executable') unusable ??= candidate;
  }
  if (unusable) throw notExecutable(command, unusable);
  throw new CliError('COMMAND_NOT_FOUND', `command not found: ${command}`, {
    hint: 'check the spelling, or give the full path to the program after --',
  });
}

/**
 * How long, after the program ended, its output pipes may stay open before vaultline stops
 * reading them: a background process it started (`server &`) inherits them and may hold
 * them for hours, and a shell would not wait for it either.
 */
export const INHERITED_PIPE_GRACE_MS = 250;

/** Copies a child's output stream through a masker; `finish` flushes what is held back. */
function pipeMasked(stream: Readable, out: Output, mask: readonly string[]) {
  const masker = createMasker(mask);
  let idle: NodeJS.Timeout | undefined;
  let finished = false;
  const write = (text: string) => {
    if (text) out.write(text);
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    write(masker.end());
  };
  stream.on('data', (chunk: Buffer) => {
    clearTimeout(idle);
    write(masker.push(chunk));
    if (masker.holding) idle = setTimeout(() => write(masker.flush()), IDLE_FLUSH_MS);
  });
  const ended = new Promise<void>((resolve) => stream.once('close', resolve));
  stream.once('end', finish);
  return { ended, finish, stop: () => stream.destroy() };
}

const startFailure = (command: string, error: NodeJS.ErrnoException): CliError =>
  new CliError(
    error.code === 'EACCES' ? 'COMMAND_NOT_EXECUTABLE' : 'COMMAND_NOT_FOUND',
    `could not start ${command}: ${error.message}`,
    { hint: 'check that the program exists and is executable', cause: error },
  );

/** Waits for the pipes to close, at most `ms` (a background grandchild may hold them open). */
async function drain(pipes: readonly ReturnType<typeof pipeMasked>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pipes.map((pipe) => pipe.ended)),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
  for (const pipe of pipes) {
    pipe.stop();
    pipe.finish();
  }
}

/**
 * Runs a program, forwards SIGINT, SIGTERM and SIGHUP to it, optionally masks values in
 * its stdout and stderr, and resolves with its exit code (128 + the signal number when a
 * signal ended it) once it has exited and its output has been written. Output pipes still
 * held open by its background children are closed after INHERITED_PIPE_GRACE_MS.
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
    const pipes =
      masking && child.stdout && child.stderr
        ? [
            pipeMasked(child.stdout, options.stdout, options.mask ?? []),
            pipeMasked(child.stderr, options.stderr, options.mask ?? []),
          ]
        : [];
    // 'exit', not 'close': 'close' waits for every process holding the pipes.
    const exited = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.once('error', (error) => reject(startFailure(options.command, error)));
        child.once('exit', (code, signal) => resolve({ code, signal }));
      },
    );
    await drain(pipes, INHERITED_PIPE_GRACE_MS);
    if (exited.code !== null) return exited.code;
    return 128 + (exited.signal ? (os.signals[exited.signal] ?? 0) : 0);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
