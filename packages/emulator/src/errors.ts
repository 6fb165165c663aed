/** Machine-readable reasons the emulator itself (not an emulated AWS API) failed. */
export type EmulatorErrorCode =
  | 'INVALID_SCENARIO'
  | 'SCENARIO_NOT_FOUND'
  | 'CONTROL_REQUEST_FAILED'
  | 'START_FAILED';

/**
 * The one error type of this package, for problems of the emulator itself: a scenario that
 * does not validate, a control request refused, a port that cannot be bound. Errors of the
 * emulated AWS APIs are not thrown; they go back over HTTP in AWS's wire shape.
 *
 * @example
 * try { parseScenario('accounts: 3'); } catch (error) {
 *   if (error instanceof EmulatorError) console.log(error.code); // 'INVALID_SCENARIO'
 * }
 */
export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
  }
}
