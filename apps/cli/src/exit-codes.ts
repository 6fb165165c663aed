/** The exit codes of every vaultline command. */
export const ExitCode = {
  OK: 0,
  /** Something went wrong at run time (network, AWS, a bug). Also: `names check` found an invalid name. */
  OPERATIONAL: 1,
  /** Bad usage or a bad config: fix the command line or the file. */
  USAGE: 2,
  ACCESS_DENIED: 3,
  NOT_FOUND: 4,
  /** `exec`: the program exists but cannot be run (as shells exit). */
  COMMAND_NOT_EXECUTABLE: 126,
  /** `exec`: no such program (as shells exit). */
  COMMAND_NOT_FOUND: 127,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one table from error codes to exit codes. A code missing here exits with
 * OPERATIONAL. Add a row when a package gains a code that deserves another exit code.
 */
export const EXIT_CODE_BY_ERROR_CODE: Readonly<Record<string, ExitCode>> = {
  // @vaultline/config (ConfigError)
  CONFIG_NOT_FOUND: ExitCode.USAGE,
  CONFIG_UNREADABLE: ExitCode.USAGE,
  CONFIG_SYNTAX: ExitCode.USAGE,
  CONFIG_INVALID: ExitCode.USAGE,
  INVALID_REFERENCE: ExitCode.USAGE,
  // @vaultline/auth and @vaultline/resolver, for the commands that will use them
  INVALID_CONFIG: ExitCode.USAGE,
  ACCESS_DENIED: ExitCode.ACCESS_DENIED,
  ASSUME_ROLE_DENIED: ExitCode.ACCESS_DENIED,
  KMS_ACCESS_DENIED: ExitCode.ACCESS_DENIED,
  SECRET_NOT_FOUND: ExitCode.NOT_FOUND,
  PARAMETER_NOT_FOUND: ExitCode.NOT_FOUND,
  PARAMETER_VERSION_NOT_FOUND: ExitCode.NOT_FOUND,
  SECRET_DELETED: ExitCode.NOT_FOUND,
  KEY_NOT_FOUND: ExitCode.NOT_FOUND,
  UNKNOWN_CONNECTION: ExitCode.NOT_FOUND,
  NOT_JSON: ExitCode.NOT_FOUND,
  REGION_MISMATCH: ExitCode.USAGE,
  // @vaultline/auth (also the cause of the resolver's AUTH_FAILED, which is unwrapped)
  INVALID_CLIENT_TOKEN: ExitCode.ACCESS_DENIED,
  SIGNATURE_MISMATCH: ExitCode.ACCESS_DENIED,
  EXPIRED: ExitCode.ACCESS_DENIED,
  STS_REGION_MISMATCH: ExitCode.USAGE,
  // @vaultline/secret-names (a reference given on the command line)
  EMPTY_NAME: ExitCode.USAGE,
  NAME_TOO_LONG: ExitCode.USAGE,
  INVALID_CHARACTER: ExitCode.USAGE,
  DOUBLE_QUOTE: ExitCode.USAGE,
  MALFORMED_ARN: ExitCode.USAGE,
  NOT_A_SECRET_ARN: ExitCode.USAGE,
  UNKNOWN_PARTITION: ExitCode.USAGE,
  INVALID_REGION: ExitCode.USAGE,
  INVALID_ACCOUNT: ExitCode.USAGE,
  EMPTY_REFERENCE: ExitCode.USAGE,
  EMPTY_JSON_KEY: ExitCode.USAGE,
  TOO_MANY_FIELDS: ExitCode.USAGE,
  INVALID_NAME: ExitCode.USAGE,
  NOT_A_PARAMETER_ARN: ExitCode.USAGE,
  INVALID_SELECTOR: ExitCode.USAGE,
  // @vaultline/policies
  INVALID_OPTIONS: ExitCode.USAGE,
  ACCOUNT_MISMATCH: ExitCode.USAGE,
  MISSING_AGENT_PRINCIPAL: ExitCode.USAGE,
  AWS_MANAGED_KEY: ExitCode.USAGE,
  NOT_APPLICABLE: ExitCode.USAGE,
  // the CLI's own (CliError)
  USAGE: ExitCode.USAGE,
  FILE_EXISTS: ExitCode.USAGE,
  ENV_FILE_INVALID: ExitCode.USAGE,
  COMMAND_NOT_FOUND: ExitCode.COMMAND_NOT_FOUND,
  COMMAND_NOT_EXECUTABLE: ExitCode.COMMAND_NOT_EXECUTABLE,
  DOCTOR_FAILED: ExitCode.OPERATIONAL,
  EMULATOR_NOT_RUNNING: ExitCode.USAGE,
  // commander's usage errors
  'commander.unknownCommand': ExitCode.USAGE,
  'commander.unknownOption': ExitCode.USAGE,
  'commander.missingArgument': ExitCode.USAGE,
  'commander.optionMissingArgument': ExitCode.USAGE,
  'commander.missingMandatoryOptionValue': ExitCode.USAGE,
  'commander.excessArguments': ExitCode.USAGE,
  'commander.invalidArgument': ExitCode.USAGE,
  'commander.conflictingOption': ExitCode.USAGE,
  'commander.help': ExitCode.USAGE, // help shown because no command was given
  'commander.helpDisplayed': ExitCode.OK,
  'commander.version': ExitCode.OK,
  'commander.executeSubCommandAsync': ExitCode.OK,
};

/**
 * The exit code for an error code (or for anything thrown that carries a `code`).
 *
 * @example
 * exitCodeFor('CONFIG_INVALID'); // 2
 */
export function exitCodeFor(codeOrError: unknown): ExitCode {
  const code =
    typeof codeOrError === 'string'
      ? codeOrError
      : codeOrError !== null && typeof codeOrError === 'object' && 'code' in codeOrError
        ? String((codeOrError as { code: unknown }).code)
        : undefined;
  return (code === undefined ? undefined : EXIT_CODE_BY_ERROR_CODE[code]) ?? ExitCode.OPERATIONAL;
}
