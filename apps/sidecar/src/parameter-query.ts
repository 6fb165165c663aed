import {
  labelProblem,
  parseParameterReference,
  SECRETS_MANAGER_REFERENCE_PREFIX,
} from '@vaultline/secret-names';
import { failure, type HttpFailure } from './error-table.js';
import { parseRefreshNow } from './query.js';

/** The Lambda extension's parameter route, and the same with a trailing slash (AWS's examples use both). */
export const PARAMETERS_PATH = '/systemsmanager/parameters/get';

/** A parsed parameter request of the Lambda extension's route. */
export interface ParameterQuery {
  /** The name or ARN with its `:version`/`:label` selector, as GetParameter takes a Name. */
  reference: string;
  /** The parameter's name (from the ARN when given one), for the token's scope. */
  name: string;
  /** As the extension: false unless the query says true. */
  withDecryption: boolean;
  refreshNow?: boolean;
}

const BOOLEAN_VALUES: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

const badRequest = (message: string): HttpFailure => failure('BAD_REQUEST', message, message);
const clip = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}...` : text);

/** What the query gave, before the name is checked. */
interface RawParameterQuery {
  name?: string;
  /** The first of version and label in the URL, as the extension reads them. */
  selector?: { kind: 'version' | 'label'; value: string };
  withDecryption: boolean;
  refreshNow?: boolean;
}

/**
 * The selector text (':3', ':blue') of the query's version or label, checked by the one
 * parser of parameter references on the name with the selector (so a Secrets Manager
 * reference takes its version stage, AWSPREVIOUS, where a parameter label may not begin
 * with "AWS").
 */
function selectorText(
  selector: NonNullable<RawParameterQuery['selector']>,
  name: string,
): string | HttpFailure {
  const { kind, value } = selector;
  if (kind === 'version' && (!/^\d+$/.test(value) || Number(value) < 1)) {
    return badRequest(`invalid version '${clip(value)}': give a version number, 1 or more`);
  }
  // Digits after the colon would read as a version: a label never begins with one.
  const problem = kind === 'label' && /^\d/.test(value) ? labelProblem(value) : undefined;
  if (problem) return badRequest(`invalid label: ${problem}`);
  const text = kind === 'version' ? `:${Number(value)}` : `:${value}`;
  const checked = parseParameterReference(`${name}${text}`);
  return checked.ok ? text : badRequest(`invalid ${kind}: ${checked.error.message}`);
}

function readPair(query: RawParameterQuery, name: string, value: string): HttpFailure | undefined {
  switch (name) {
    case 'name':
      query.name = value;
      return undefined;
    case 'version':
    case 'label': {
      // "You can also specify either a version or a label, but not both. If you do, only
      // the first of these that is placed after question mark (?) in the URL is used."
      if (query.selector === undefined) query.selector = { kind: name, value };
      return undefined;
    }
    case 'withDecryption': {
      const decrypt = BOOLEAN_VALUES[value.toLowerCase()];
      if (decrypt === undefined) {
        return badRequest('invalid withDecryption value: expected true or false');
      }
      query.withDecryption = decrypt;
      return undefined;
    }
    case 'refreshNow': {
      const refresh = parseRefreshNow(value);
      if (typeof refresh !== 'boolean') return refresh;
      query.refreshNow = refresh;
      return undefined;
    }
    default:
      return failure(
        'BAD_REQUEST',
        `unknown parameter: ${clip(name)}`,
        `unknown parameter: ${name}`,
      );
  }
}

/**
 * Parses the Lambda extension's query, `?name=<name or ARN>[&version=N][&label=L]
 * [&withDecryption=true]` (plus vaultline's refreshNow). The name may carry its own
 * `:N`/`:label` selector as GetParameter's Name does, but not together with version or
 * label. Names are checked with Parameter Store's rules before any call to AWS.
 *
 * @example
 * parseParameterQuery('name=%2Fprod%2Fdb%2Fhost&version=3');
 * // { reference: '/prod/db/host:3', name: '/prod/db/host', withDecryption: false }
 */
export function parseParameterQuery(search: string): ParameterQuery | HttpFailure {
  const raw: RawParameterQuery = { withDecryption: false };
  for (const [name, value] of new URLSearchParams(search)) {
    const problem = readPair(raw, name, value);
    if (problem) return problem;
  }
  if (raw.name === undefined || raw.name.trim() === '') {
    return badRequest('missing parameter name: give ?name=<parameter name or ARN>');
  }
  const parsed = parseParameterReference(raw.name);
  if (!parsed.ok) return badRequest(parsed.error.message);
  const reference = parsed.value;
  const hasOwnSelector = reference.version !== undefined || reference.label !== undefined;
  if (hasOwnSelector && raw.selector !== undefined) {
    return badRequest(
      `the name '${clip(raw.name)}' already selects a version or label: remove it from the name, or drop the version/label parameter`,
    );
  }
  if (reference.name.startsWith(SECRETS_MANAGER_REFERENCE_PREFIX) && !raw.withDecryption) {
    // GetParameter's own refusal, which the extension passes on; asked in a GetParameters
    // batch, Parameter Store would only list the name as invalid.
    return {
      code: 'BAD_REQUEST',
      status: 400,
      type: 'ValidationException',
      message:
        'WithDecryption flag must be True for retrieving a Secret Manager secret: add withDecryption=true',
    };
  }
  const selector = raw.selector === undefined ? '' : selectorText(raw.selector, raw.name.trim());
  if (typeof selector !== 'string') return selector;
  return {
    reference: `${raw.name.trim()}${selector}`,
    name: reference.name,
    withDecryption: raw.withDecryption,
    ...(raw.refreshNow !== undefined ? { refreshNow: raw.refreshNow } : {}),
  };
}
