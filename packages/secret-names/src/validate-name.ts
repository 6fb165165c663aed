import {
  ARN_SUFFIX_LOOKALIKE,
  isAllowedNameCharacter,
  MAX_SECRET_NAME_LENGTH,
  SECRET_NAME_SPECIAL_CHARACTERS,
} from './name-rules.js';

/** One reason AWS would refuse a name. `position` is a 0-based index into the name. */
export interface NameViolation {
  code: 'EMPTY_NAME' | 'NAME_TOO_LONG' | 'INVALID_CHARACTER' | 'DOUBLE_QUOTE';
  message: string;
  position?: number;
  character?: string;
}

/** Something AWS accepts but that is likely to cause trouble later. */
export interface NameWarning {
  code: 'ARN_SUFFIX_LOOKALIKE' | 'DOUBLE_SLASH' | 'LEADING_SLASH' | 'TRAILING_SLASH';
  message: string;
}

export interface NameValidation {
  valid: boolean;
  violations: NameViolation[];
  warnings: NameWarning[];
}

const describeCharacter = (char: string): string => {
  const codePoint = char.codePointAt(0) ?? 0;
  const printable = codePoint > 0x20 && codePoint !== 0x7f;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return printable ? `'${char}' (${hex})` : hex;
};

const violationFor = (char: string, position: number): NameViolation => {
  if (char === '"') {
    return {
      code: 'DOUBLE_QUOTE',
      position,
      character: char,
      message:
        `double quote at position ${position}: some setup guides list " as allowed, but AWS Secrets Manager rejects it. ` +
        `Remove it or use one of ${SECRET_NAME_SPECIAL_CHARACTERS}`,
    };
  }
  return {
    code: 'INVALID_CHARACTER',
    position,
    character: char,
    message: `character ${describeCharacter(char)} at position ${position} is not allowed: use ASCII letters, digits or ${SECRET_NAME_SPECIAL_CHARACTERS}`,
  };
};

/**
 * Checks a secret name against AWS's rules and reports every violation with its position,
 * plus warnings for names AWS accepts but advises against.
 *
 * @example
 * validateSecretName('prod/orders db').violations[0]?.position; // 11
 */
export function validateSecretName(name: string): NameValidation {
  const violations: NameViolation[] = [];
  const warnings: NameWarning[] = [];
  const text = typeof name === 'string' ? name : String(name);

  if (text.length === 0) {
    violations.push({
      code: 'EMPTY_NAME',
      message: 'the secret name is empty: give 1 to 512 characters',
    });
    return { valid: false, violations, warnings };
  }
  if (text.length > MAX_SECRET_NAME_LENGTH) {
    violations.push({
      code: 'NAME_TOO_LONG',
      message: `the secret name has ${text.length} characters; AWS allows at most ${MAX_SECRET_NAME_LENGTH}`,
    });
  }
  // Iterate by code point so an emoji is reported once, at the index where it starts.
  let position = 0;
  for (const char of text) {
    if (!isAllowedNameCharacter(char)) violations.push(violationFor(char, position));
    position += char.length;
  }

  if (ARN_SUFFIX_LOOKALIKE.test(text)) {
    warnings.push({
      code: 'ARN_SUFFIX_LOOKALIKE',
      message: `'${text.slice(-7)}' at the end looks like the 6-character suffix of a secret ARN; AWS advises against names ending in a hyphen and six characters`,
    });
  }
  if (text.includes('//')) {
    warnings.push({
      code: 'DOUBLE_SLASH',
      message: "'//' makes an empty path segment; use a single '/'",
    });
  }
  if (text.startsWith('/')) {
    warnings.push({
      code: 'LEADING_SLASH',
      message: "a leading '/' is easy to forget when referencing the secret; drop it",
    });
  }
  if (text.endsWith('/') && text.length > 1) {
    warnings.push({
      code: 'TRAILING_SLASH',
      message: "a trailing '/' is easy to forget when referencing the secret; drop it",
    });
  }
  return { valid: violations.length === 0, violations, warnings };
}

/**
 * True when AWS would accept the name.
 *
 * @example
 * isValidSecretName('prod/orders/db'); // true
 */
export const isValidSecretName = (name: string): boolean => validateSecretName(name).valid;
