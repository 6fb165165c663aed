import type { ExitCode } from './exit-codes.js';

/** Somewhere to write text: process.stdout in real use, a buffer in tests. */
export interface Output {
  write(text: string): unknown;
}

/** What a command may use; everything from outside comes through here, for tests. */
export interface CliContext {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** JSON was asked for (--json or --output json): errors print as one JSON object. */
  json?: boolean;
  /** Records the exit code of the command that ran. */
  setExitCode(code: ExitCode): void;
}
