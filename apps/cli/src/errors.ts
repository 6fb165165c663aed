/** Codes of errors the CLI raises itself; each has a row in the exit-code table. */
export type CliErrorCode =
  | 'USAGE'
  | 'FILE_EXISTS'
  | 'ENV_FILE_INVALID'
  | 'COMMAND_NOT_FOUND'
  | 'COMMAND_NOT_EXECUTABLE'
  | 'DOCTOR_FAILED'
  | 'EMULATOR_NOT_RUNNING';

/**
 * An error of the command line itself (bad flags, a file that exists). `hint` is printed
 * on the line after the message.
 *
 * @example
 * throw new CliError('USAGE', 'give a connection or --all', { hint: 'vaultline resolve orders-db' });
 */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly hint: string | undefined;

  constructor(
    code: CliErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.hint = options.hint;
  }
}
