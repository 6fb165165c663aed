// PutParameter's answers to a name it refuses, in AWS's words; the rules themselves are
// @vaultline/secret-names' validateParameterName.
import { validateParameterName } from '@vaultline/secret-names';
import { AwsWireError, authError } from '../../http/wire-error.js';
import type { CallContext } from '../context.js';
import { validation } from './common.js';

const MAX_NAME_LENGTH = 2048;

/** What AWS says of a name with a character or a level it does not accept. */
export const PATH_RULE =
  'If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

/** Throws the error PutParameter answers a name AWS refuses with; returns for a good name. */
export function checkNameForWrite(ctx: CallContext, name: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw validation(
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAME_LENGTH}`,
    );
  }
  const { violations } = validateParameterName(name, { purpose: 'write', region: ctx.region });
  const codes = new Set(violations.map((v) => v.code));
  if (codes.size === 0) return;
  if (codes.has('RESERVED_PREFIX')) throw reservedName(name);
  if (codes.has('NOT_FULLY_QUALIFIED')) {
    throw validation('Parameter name must be a fully qualified name.');
  }
  if (codes.has('INVALID_CHARACTER') || codes.has('EMPTY_PATH_SEGMENT')) {
    throw validation(
      `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive). ${PATH_RULE}`,
    );
  }
  if (codes.has('TOO_MANY_LEVELS')) {
    throw new AwsWireError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.',
    );
  }
  throw validation(
    `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive). ${PATH_RULE}`,
  );
}

/** `/aws/...` paths are AWS's own (denied); other aws/ssm prefixes are invalid names. */
function reservedName(name: string): AwsWireError {
  const isPath = name.split('/').length > 2;
  if (isPath && name.toLowerCase().startsWith('/aws')) {
    return authError('denied', 'json', `No access to reserved parameter name: ${name}.`);
  }
  return isPath
    ? validation(`Parameter name: can't be prefixed with "ssm" (case-insensitive). ${PATH_RULE}`)
    : validation('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
}
