// The one home of Parameter Store's name rules (AWS Systems Manager user guide, "Requirements
// and constraints for parameter names"); the emulator, config and CLI check names here.
import { validateSecretName } from './validate-name.js';

/** The most levels a parameter hierarchy may have (HierarchyLevelLimitExceededException). */
export const MAX_PARAMETER_HIERARCHY_LEVELS = 15;

/**
 * AWS counts a parameter name's length together with its ARN: the whole
 * `arn:<partition>:ssm:<region>:<account>:parameter/<name>` may have at most 1011 characters.
 */
export const MAX_PARAMETER_ARN_LENGTH = 1011;

/** Characters AWS accepts in a parameter name besides ASCII letters and digits. */
export const PARAMETER_NAME_SPECIAL_CHARACTERS = '_.-/';

/** Where Parameter Store serves Secrets Manager secrets (read only). */
export const SECRETS_MANAGER_REFERENCE_PREFIX = '/aws/reference/secretsmanager/';

/** AWS's public parameters (AMI ids, regions); readable by anyone, never writable. */
export const PUBLIC_PARAMETER_PREFIX = '/aws/service/';

const ALLOWED = /^[A-Za-z0-9_./-]$/;
const RESERVED = /^(aws|ssm)/i;

export type ParameterNameViolationCode =
  | 'EMPTY_NAME'
  | 'NAME_TOO_LONG'
  | 'INVALID_CHARACTER'
  | 'NOT_FULLY_QUALIFIED'
  | 'EMPTY_PATH_SEGMENT'
  | 'RESERVED_PREFIX'
  | 'TOO_MANY_LEVELS';

/** One reason AWS would refuse a parameter name. `position` is a 0-based index into the name. */
export interface ParameterNameViolation {
  code: ParameterNameViolationCode;
  message: string;
  position?: number;
  character?: string;
}

export interface ParameterNameValidation {
  valid: boolean;
  violations: ParameterNameViolation[];
}

export interface ParameterNameOptions {
  /**
   * `read` (default) accepts AWS's readable reserved names, `/aws/reference/secretsmanager/<secret>`
   * and `/aws/service/...`; `write` refuses every name prefixed with aws or ssm, as PutParameter does.
   */
  purpose?: 'read' | 'write';
  /** With a region (and partition), the length limit is applied to the exact ARN. */
  region?: string;
  partition?: string;
}

const describeCharacter = (char: string): string => {
  const codePoint = char.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return codePoint > 0x20 && codePoint !== 0x7f ? `'${char}' (${hex})` : hex;
};

/**
 * The longest name AWS accepts: 1011 characters minus the ARN around it. Without a region the
 * shortest possible ARN is assumed, so a name is never refused for a limit it might meet.
 *
 * @example
 * maxParameterNameLength({ region: 'us-east-2' }); // 966
 */
export function maxParameterNameLength(options: ParameterNameOptions = {}): number {
  const prefix = `arn:${options.partition ?? 'aws'}:ssm:${options.region ?? ''}:111122223333:parameter/`;
  return MAX_PARAMETER_ARN_LENGTH - prefix.length;
}

/**
 * Checks a Parameter Store name against AWS's rules and reports every violation with its
 * position, for a caret under the bad character.
 *
 * @example
 * validateParameterName('/prod/orders db').violations[0]?.position; // 12
 */
export function validateParameterName(
  name: string,
  options: ParameterNameOptions = {},
): ParameterNameValidation {
  const text = typeof name === 'string' ? name : String(name);
  if (text.length === 0) {
    const message = 'the parameter name is empty: give a name such as /prod/orders/db/host';
    return { valid: false, violations: [{ code: 'EMPTY_NAME', message }] };
  }
  if (options.purpose !== 'write' && text.startsWith(SECRETS_MANAGER_REFERENCE_PREFIX)) {
    return secretsManagerReference(text);
  }
  const violations = [...characterViolations(text), ...shapeViolations(text, options)];
  return { valid: violations.length === 0, violations };
}

function characterViolations(text: string): ParameterNameViolation[] {
  const violations: ParameterNameViolation[] = [];
  let position = 0;
  for (const char of text) {
    if (!ALLOWED.test(char)) {
      violations.push({
        code: 'INVALID_CHARACTER',
        position,
        character: char,
        message: `character ${describeCharacter(char)} at position ${position} is not allowed in a parameter name: use ASCII letters, digits or ${PARAMETER_NAME_SPECIAL_CHARACTERS}`,
      });
    }
    position += char.length;
  }
  return violations;
}

function shapeViolations(text: string, options: ParameterNameOptions): ParameterNameViolation[] {
  const violations: ParameterNameViolation[] = [];
  const max = maxParameterNameLength(options);
  if (text.length > max) {
    violations.push({
      code: 'NAME_TOO_LONG',
      position: max,
      message: `the parameter name has ${text.length} characters; with its ARN AWS allows ${MAX_PARAMETER_ARN_LENGTH}, which leaves ${max} for the name`,
    });
  }
  if (text.includes('/') && !text.startsWith('/')) {
    violations.push({
      code: 'NOT_FULLY_QUALIFIED',
      position: 0,
      message: `a parameter name with '/' must be fully qualified: start it with '/', as in /${text}`,
    });
  }
  const segments = (text.startsWith('/') ? text.slice(1) : text).split('/');
  let offset = text.startsWith('/') ? 1 : 0;
  for (const segment of segments) {
    if (segment === '') {
      violations.push({
        code: 'EMPTY_PATH_SEGMENT',
        position: offset,
        message: `empty level at position ${offset}: levels are separated by a single '/' and the name cannot end with '/'`,
      });
    }
    offset += segment.length + 1;
  }
  const reserved = reservedPrefixViolation(text, segments[0] ?? '', options);
  if (reserved) violations.push(reserved);
  if (segments.length > MAX_PARAMETER_HIERARCHY_LEVELS) {
    violations.push({
      code: 'TOO_MANY_LEVELS',
      message: `the parameter name has ${segments.length} levels; a hierarchy can have a maximum of ${MAX_PARAMETER_HIERARCHY_LEVELS} levels`,
    });
  }
  return violations;
}

function reservedPrefixViolation(
  text: string,
  first: string,
  options: ParameterNameOptions,
): ParameterNameViolation | undefined {
  if (!RESERVED.test(first)) return undefined;
  if (options.purpose !== 'write' && text.startsWith(PUBLIC_PARAMETER_PREFIX)) return undefined;
  const readable =
    options.purpose === 'write'
      ? ''
      : ` (the readable exceptions are ${SECRETS_MANAGER_REFERENCE_PREFIX}<secret name> and AWS's public parameters under ${PUBLIC_PARAMETER_PREFIX})`;
  return {
    code: 'RESERVED_PREFIX',
    position: text.startsWith('/') ? 1 : 0,
    message: `a parameter name can't be prefixed with "aws" or "ssm" (case-insensitive)${readable}: rename '${first}'`,
  };
}

/** `/aws/reference/secretsmanager/<secret>`: the rest is a secret name, by Secrets Manager's rules. */
function secretsManagerReference(text: string): ParameterNameValidation {
  const offset = SECRETS_MANAGER_REFERENCE_PREFIX.length;
  const secret = validateSecretName(text.slice(offset));
  const violations: ParameterNameViolation[] = secret.violations.map((violation) => ({
    code: violation.code === 'DOUBLE_QUOTE' ? 'INVALID_CHARACTER' : violation.code,
    message: `in the secret name after ${SECRETS_MANAGER_REFERENCE_PREFIX}: ${violation.message}`,
    ...(violation.position === undefined ? {} : { position: violation.position + offset }),
    ...(violation.character === undefined ? {} : { character: violation.character }),
  }));
  return { valid: violations.length === 0, violations };
}

/**
 * True when AWS would accept the name (for reading, unless `purpose: 'write'`).
 *
 * @example
 * isValidParameterName('/prod/orders/db/host'); // true
 */
export const isValidParameterName = (name: string, options?: ParameterNameOptions): boolean =>
  validateParameterName(name, options).valid;
