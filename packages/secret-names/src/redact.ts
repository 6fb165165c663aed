// The one home of redaction: config's issues, auth's errors, the CLI's stderr and the
// sidecar's log lines all replace secrets here, with one marker and one threshold. It lives
// in the lowest package so that the CLI can load it at start without the config schema.

/** What replaces a secret in any message, log line or printed config. */
export const REDACTED = '[REDACTED]';

/**
 * Known values shorter than this are left alone: replacing every "abc" would blank out
 * ordinary words and give the value away by its gaps.
 */
export const MIN_REDACTED_LENGTH = 4;

/** Field names whose value is secret wherever it appears (config sections, SDK responses). */
export const SECRET_FIELD_NAMES = [
  'secretAccessKey',
  'sessionToken',
  'SecretString',
  'SecretBinary',
] as const;

const ACCESS_KEY_ID = /\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{4})[A-Z0-9]{8}([A-Z0-9]{4})\b/g;
/** 40 characters of the secret-access-key alphabet, standing alone. */
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * The text with secrets removed: every known value (longest first, so a value containing
 * another goes whole) and anything shaped like a secret access key become `[REDACTED]`;
 * access key IDs keep only their first eight and last four characters.
 *
 * @example
 * redactSecrets('key AKIAIOSFODNN7EXAMPLE failed for hunter2!', ['hunter2!']);
 * // 'key AKIAIOSF********MPLE failed for [REDACTED]'
 */
export function redactSecrets(
  text: string,
  secrets: Iterable<string | null | undefined> = [],
): string {
  const values = [...new Set(secrets)]
    .filter((value): value is string => typeof value === 'string')
    .filter((value) => value.length >= MIN_REDACTED_LENGTH)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) out = out.split(value).join(REDACTED);
  return out
    .replace(SECRET_KEY_SHAPE, REDACTED)
    .replace(ACCESS_KEY_ID, (_match, head: string, tail: string) => `${head}********${tail}`);
}

/** Remembers secret values as a process meets them, and removes them from any text. */
export interface SecretRedactor {
  /** Remembers a value; anything but a string of {@link MIN_REDACTED_LENGTH}+ is ignored. */
  protect(value: unknown): void;
  /** {@link redactSecrets} with every value protected so far. */
  redact(text: string): string;
}

/**
 * A redactor for values learnt along the way (secret values a command read, say), so that
 * even a stack trace printed later cannot carry one.
 *
 * @example
 * const redactor = createRedactor();
 * redactor.protect('hunter2!');
 * redactor.redact('failed near hunter2!'); // 'failed near [REDACTED]'
 */
export function createRedactor(): SecretRedactor {
  const values = new Set<string>();
  return {
    protect(value) {
      if (typeof value === 'string' && value.length >= MIN_REDACTED_LENGTH) values.add(value);
    },
    redact: (text) => redactSecrets(text, values),
  };
}
