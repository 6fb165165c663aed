/** What went wrong while starting or running the sidecar (not per-request failures). */
export type SidecarErrorCode =
  | 'INVALID_SETTINGS'
  | 'SETTINGS_FILE_UNREADABLE'
  | 'NO_TOKEN'
  | 'TOKEN_FILE_UNREADABLE'
  | 'WEAK_TOKEN'
  | 'UNSAFE_FILE_MODE'
  | 'NON_LOOPBACK_BIND'
  | 'LISTEN_FAILED'
  | 'CONFIG_FAILED'
  | 'CREDENTIALS_INVALID';

/**
 * The sidecar's one base error. Messages say what was expected, what was received and what
 * to do; they never contain a token or a secret value.
 *
 * @example
 * throw new SidecarError('NO_TOKEN', 'no token: set AWS_TOKEN or configure tokens');
 */
export class SidecarError extends Error {
  readonly code: SidecarErrorCode;

  constructor(code: SidecarErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SidecarError';
    this.code = code;
  }
}
