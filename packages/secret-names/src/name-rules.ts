/** AWS limits for a secret name (CreateSecret's Name parameter). */
export const MAX_SECRET_NAME_LENGTH = 512;

/** Characters AWS accepts in a secret name besides ASCII letters and digits. */
export const SECRET_NAME_SPECIAL_CHARACTERS = '/_+=.@-';

const ALLOWED = /^[A-Za-z0-9/_+=.@-]$/;

/** True when AWS accepts `char` inside a secret name. */
export const isAllowedNameCharacter = (char: string): boolean => ALLOWED.test(char);

/**
 * A name that ends with a hyphen and six characters reads, to Secrets Manager, like a full
 * ARN's random suffix; AWS advises against it because partial-ARN lookups become ambiguous.
 */
export const ARN_SUFFIX_LOOKALIKE = /-[A-Za-z0-9]{6}$/;
