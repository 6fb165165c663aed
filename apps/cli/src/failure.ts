import { type ExitCode, exitCodeFor } from './exit-codes.js';
import { scrub } from './sensitive.js';

/** What the CLI prints for an error, and the exit code it ends with. */
export interface Failure {
  message: string;
  hint: string | undefined;
  exitCode: ExitCode;
  code: string | undefined;
}

// Hints for codes whose errors carry none of their own.
const DEFAULT_HINTS: Readonly<Record<string, string>> = {
  UNKNOWN_CONNECTION:
    "the connections are the keys under 'connections:' in the config; 'vaultline validate --json' lists them",
  CONFIG_NOT_FOUND:
    "create one with 'vaultline init', or name it with --config or VAULTLINE_CONFIG",
};

const fieldOf = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;

/**
 * Turns anything thrown into one message, an optional hint and an exit code from the one
 * table. The resolver's AUTH_FAILED is judged by its cause (the AuthError), so a denied
 * AssumeRole exits 3 like any other denial. Messages and hints are scrubbed of secret values.
 *
 * @example
 * describeFailure(new CliError('USAGE', 'give a connection')); // { exitCode: 2, ... }
 */
export function describeFailure(error: unknown): Failure {
  const code = fieldOf(error, 'code');
  const cause = fieldOf(error, 'cause');
  const judged = code === 'AUTH_FAILED' && fieldOf(cause, 'code') !== undefined ? cause : error;
  const hint =
    fieldOf(error, 'hint') ??
    fieldOf(cause, 'hint') ??
    (typeof code === 'string' ? DEFAULT_HINTS[code] : undefined);
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: scrub(message.split('\n')[0] ?? message),
    hint: typeof hint === 'string' && hint.length > 0 ? scrub(hint) : undefined,
    exitCode: exitCodeFor(judged),
    code: typeof code === 'string' ? code : undefined,
  };
}
