import { createRedactor } from '@vaultline/secret-names';

// Every secret value this process has seen; error output is scrubbed of them (and of
// anything shaped like an AWS secret key), so not even a stack trace under --verbose can
// carry one. The redaction rules live in @vaultline/secret-names.
const redactor = createRedactor();

/**
 * Remembers a secret value so `scrub` removes it from anything printed to stderr.
 *
 * @example
 * protect(value); scrub(`failed near ${value}`); // 'failed near [REDACTED]'
 */
export const protect = (value: unknown): void => redactor.protect(value);

/**
 * The text with every protected value replaced by `[REDACTED]`, longest first.
 *
 * @example
 * scrub('no secrets here'); // 'no secrets here'
 */
export const scrub = (text: string): string => redactor.redact(text);
