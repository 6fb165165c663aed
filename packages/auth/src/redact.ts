const ACCESS_KEY_ID = /\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{4})[A-Z0-9]{8}([A-Z0-9]{4})\b/g;
/** 40 characters of the secret-access-key alphabet, standing alone. */
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/**
 * Removes credentials from a text meant for users or logs: every known secret (secret
 * access keys, session tokens) is replaced, anything shaped like a secret access key is
 * replaced, and access key IDs keep only their first and last four characters.
 *
 * @example
 * redactCredentials('key AKIAIOSFODNN7EXAMPLE failed', []); // 'key AKIAIOSF********MPLE failed'
 */
export function redactCredentials(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  }
  return out
    .replace(SECRET_KEY_SHAPE, '[REDACTED]')
    .replace(ACCESS_KEY_ID, (_m, head: string, tail: string) => `${head}********${tail}`);
}
