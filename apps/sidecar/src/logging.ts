import { REDACTED, SECRET_FIELD_NAMES } from '@vaultline/secret-names';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Paths pino censors in every log line: tokens, secret and parameter values, resolved
 * connections, and the fields @vaultline/secret-names calls secret (at the top and one
 * level down).
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'headers["x-aws-parameters-secrets-token"]',
  'headers["x-vault-token"]',
  'headers.authorization',
  '*.headers["x-aws-parameters-secrets-token"]',
  '*.headers["x-vault-token"]',
  '*.headers.authorization',
  ...SECRET_FIELD_NAMES.flatMap((name) => [name, `*.${name}`]),
  'value',
  'values',
  '*.value',
  '*.values',
  // A parameter's value, in GetParameter's shape (a SecureString's plaintext among them).
  'Value',
  '*.Value',
  'Parameter.Value',
  '*.Parameter.Value',
];

/** Options of {@link createSidecarLogger}. */
export interface SidecarLoggerOptions {
  /** The agent's levels: debug, info, warn, error or none. */
  level: 'debug' | 'info' | 'warn' | 'error' | 'none';
  /** Where lines go; stdout when absent. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

/**
 * A pino logger writing one JSON object a line, with tokens and secret values censored by
 * path. Code never passes values to it; redaction is the second line of defence.
 *
 * @example
 * const logger = createSidecarLogger({ level: 'info' });
 * logger.info({ port: 2773 }, 'listening');
 */
export function createSidecarLogger(options: SidecarLoggerOptions): Logger {
  return pino(
    {
      name: 'vaultline-sidecar',
      level: options.level === 'none' ? 'silent' : options.level,
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      base: { pid: process.pid },
    },
    // Synchronous writes to stdout: pino's default destination writes asynchronously, and a
    // quick shutdown then printed "stopped" before "stopping" (its exit handler wrote the
    // queued line while the previous one was still being written). The sidecar logs a few
    // lines a minute at info, one per request at debug.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
