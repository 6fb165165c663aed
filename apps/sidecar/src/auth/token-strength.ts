import { SidecarError } from '../errors.js';

/** The shortest token accepted: 32 characters, 128 bits when hex, more in base64. */
export const MIN_TOKEN_LENGTH = 32;

// A random 32-character token uses far more than 8 different characters (a hex one almost
// surely 14 or more); fewer means a pattern such as 'aaaa…' or '0101…', not a random value.
const MIN_DISTINCT_CHARACTERS = 8;

const HOW = 'make one with: openssl rand -hex 32';

/**
 * Refuses a token too short or too regular to be a random secret. `label` names where it
 * came from (an environment variable, a file, `tokens[0]`); the message never has the token.
 *
 * @example
 * checkTokenStrength('abc123', 'AWS_TOKEN'); // throws: at least 32 characters
 */
export function checkTokenStrength(token: string, label: string): void {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new SidecarError(
      'WEAK_TOKEN',
      `the token ${label} is ${token.length} characters long; a token must be at least ${MIN_TOKEN_LENGTH} random characters: ${HOW}`,
    );
  }
  const distinct = new Set(token).size;
  if (distinct < MIN_DISTINCT_CHARACTERS) {
    throw new SidecarError(
      'WEAK_TOKEN',
      `the token ${label} uses only ${distinct} different characters, so it is not random: ${HOW}`,
    );
  }
}
