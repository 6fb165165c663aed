// ssm:GetParameter, ssm:GetParameters and ssm:GetParametersByPath.
import { AwsWireError } from '../../http/wire-error.js';
import { latestVersion, type ParameterRecord } from '../../state/parameters-store.js';
import { requireAllowed } from '../authorization.js';
import type { CallContext } from '../context.js';
import type { JsonHandler } from '../json-handler.js';
import {
  locateParameter,
  parameterNotFound,
  parameterShape,
  requiredText,
  selectVersion,
  splitSelector,
  validation,
} from './common.js';
import { readPage } from './pages.js';
import { isSecretReference, readSecretReference } from './secret-reference.js';

const MAX_NAMES = 10;
const MAX_PATH_RESULTS = 10;

/** ssm:GetParameter by name or ARN, with an optional `:<version>` or `:<label>` selector. */
export const getParameter: JsonHandler = (ctx, input) => {
  const name = requiredText(input, 'Name');
  const withDecryption = input.WithDecryption === true;
  if (isSecretReference(name)) {
    return {
      Parameter: readSecretReference(ctx, name, { action: 'ssm:GetParameter', withDecryption }),
    };
  }
  const { id, selector } = splitSelector(name);
  const { record } = locateParameter(ctx, id, 'ssm:GetParameter');
  if (!record) throw parameterNotFound();
  const version = selectVersion(record, selector);
  return {
    Parameter: parameterShape(ctx, record, version, { withDecryption, selector }),
  };
};

/**
 * ssm:GetParameters: up to 10 names. The caller needs ssm:GetParameters on each; a name that
 * does not exist (or a version or label that does not) is listed in InvalidParameters.
 */
export const getParameters: JsonHandler = (ctx, input) => {
  const names = input.Names;
  if (!Array.isArray(names) || names.length === 0 || names.length > MAX_NAMES) {
    const shown = Array.isArray(names) ? `'[${names.join(', ')}]'` : 'null';
    const constraint = Array.isArray(names)
      ? `Member must have length ${names.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_NAMES}`}`
      : 'Member must not be null';
    throw validation(
      `1 validation error detected: Value ${shown} at 'names' failed to satisfy constraint: ${constraint}`,
    );
  }
  const withDecryption = input.WithDecryption === true;
  const Parameters: unknown[] = [];
  const InvalidParameters: string[] = [];
  for (const name of new Set(names.map(String))) {
    if (isSecretReference(name)) {
      const read = secretReferenceOrUndefined(ctx, name, withDecryption);
      if (read) Parameters.push(read);
      else InvalidParameters.push(name);
      continue;
    }
    const { id, selector } = splitSelector(name);
    const { record } = locateParameter(ctx, id, 'ssm:GetParameters');
    const version = record ? pickOrUndefined(record, selector) : undefined;
    if (!record || !version) {
      InvalidParameters.push(name);
      continue;
    }
    Parameters.push(parameterShape(ctx, record, version, { withDecryption, selector }));
  }
  return { Parameters, InvalidParameters };
};

/**
 * A secret reference in GetParameters: one it cannot answer (malformed, without
 * WithDecryption, missing) is listed in InvalidParameters; a refusal fails the whole call.
 */
function secretReferenceOrUndefined(ctx: CallContext, name: string, withDecryption: boolean) {
  try {
    return readSecretReference(ctx, name, { action: 'ssm:GetParameters', withDecryption });
  } catch (error) {
    const answerable =
      error instanceof AwsWireError &&
      (error.code === 'ParameterNotFound' ||
        (error.code === 'ValidationException' && !/dependency/.test(error.message)));
    if (answerable) return undefined;
    throw error;
  }
}

function pickOrUndefined(record: ParameterRecord, selector?: string) {
  try {
    return selectVersion(record, selector);
  } catch (error) {
    if (error instanceof AwsWireError) return undefined;
    throw error;
  }
}

/** The hierarchy form of a name: root-level parameters count as `/name`. */
const pathFormOf = (name: string): string => (name.startsWith('/') ? name : `/${name}`);

/** True when `name` lies under `path`, directly or (recursive) at any depth. */
function isUnder(name: string, path: string, recursive: boolean): boolean {
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const full = pathFormOf(name);
  if (!full.startsWith(prefix) || full.length === prefix.length) return false;
  return recursive || !full.slice(prefix.length).includes('/');
}

/**
 * ssm:GetParametersByPath: the parameters one level under a path, or every level with
 * Recursive; at most 10 a page, with NextToken. The caller needs the action on the path.
 */
export const getParametersByPath: JsonHandler = (ctx, input) => {
  const path = requiredText(input, 'Path');
  if (!path.startsWith('/')) {
    throw validation(
      'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
    );
  }
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  requireAllowed(ctx, {
    action: 'ssm:GetParametersByPath',
    resource: ctx.world.parameters.arnOf(ctx.caller.principal.accountId, ctx.region, trimmed),
    resourceAccountId: ctx.caller.principal.accountId,
  });
  const recursive = input.Recursive === true;
  const matching = ctx.world.parameters
    .list(ctx.caller.principal.accountId, ctx.region)
    .filter((record) => isUnder(record.name, path, recursive));
  const page = readPage(matching, input, MAX_PATH_RESULTS, MAX_PATH_RESULTS);
  const withDecryption = input.WithDecryption === true;
  return {
    Parameters: page.items.map((record: ParameterRecord) =>
      parameterShape(ctx, record, latestVersion(record), { withDecryption }),
    ),
    NextToken: page.nextToken,
  };
};
