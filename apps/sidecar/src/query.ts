import { parseRoleArn } from '@vaultline/config';
import { failure, type HttpFailure } from './error-table.js';
import type { GetSecretOptions } from './source.js';

/** A parsed secret request: which secret, which version, whether to bypass the cache. */
export interface SecretQuery extends GetSecretOptions {
  secretId: string;
  /** vaultline's addition: one key of a JSON secret. */
  key?: string;
  /** The agent v3's per-request role: read through this IAM role (its own cache). */
  roleArn?: string;
}

const REFRESH_VALUES: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/**
 * A `refreshNow` value as the agent reads it (true, false, 1, 0, any case), for the secret
 * routes and the connections route alike; anything else is the agent's 400.
 *
 * @example
 * parseRefreshNow('TRUE'); // true
 */
export function parseRefreshNow(value: string): boolean | HttpFailure {
  const refresh = REFRESH_VALUES[value.toLowerCase()];
  if (refresh !== undefined) return refresh;
  return failure(
    'BAD_REQUEST',
    'invalid refreshNow value: expected true, false, 1 or 0',
    'invalid refreshNow value',
  );
}

function decode(text: string): string | HttpFailure {
  try {
    return decodeURIComponent(text);
  } catch {
    return failure('BAD_REQUEST', 'the request URL is not valid percent-encoding');
  }
}

/**
 * Calls `each` with the query's name/value pairs; stops at the first failure it returns.
 * Without `%` or `+` nothing needs decoding, so a plain split gives what URLSearchParams
 * would (property-tested), cheaper on the hot path; otherwise URLSearchParams.
 */
function forEachPair(
  search: string,
  each: (name: string, value: string) => HttpFailure | undefined,
): HttpFailure | undefined {
  if (search.includes('%') || search.includes('+')) {
    for (const [name, value] of new URLSearchParams(search)) {
      const problem = each(name, value);
      if (problem) return problem;
    }
    return undefined;
  }
  let start = 0;
  while (start <= search.length) {
    let end = search.indexOf('&', start);
    if (end === -1) end = search.length;
    if (end > start) {
      const equals = search.indexOf('=', start);
      const problem =
        equals === -1 || equals > end
          ? each(search.slice(start, end), '')
          : each(search.slice(start, equals), search.slice(equals + 1, end));
      if (problem) return problem;
    }
    start = end + 1;
  }
  return undefined;
}

function applyParameters(
  query: SecretQuery,
  search: string,
  allowSecretId: boolean,
): HttpFailure | undefined {
  if (search === '') return undefined;
  return forEachPair(search, (name, value) => {
    switch (name) {
      case 'secretId':
        if (!allowSecretId) return unknownParameter(name);
        query.secretId = value;
        break;
      case 'versionId':
        query.versionId = value;
        break;
      case 'versionStage':
        query.versionStage = value;
        break;
      case 'key':
        query.key = value;
        break;
      case 'roleArn':
        query.roleArn = value;
        break;
      case 'refreshNow': {
        const refresh = parseRefreshNow(value);
        if (typeof refresh !== 'boolean') return refresh;
        query.refreshNow = refresh;
        break;
      }
      default:
        return unknownParameter(name);
    }
    return undefined;
  });
}

const clip = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}...` : text);

// The agent's refusal texts: aws_secretsmanager_provider/src/parse.rs (try_from_query,
// try_from_path_query). The plain-text body is the agent's, unclipped; the JSON message clips.
const unknownParameter = (name: string): HttpFailure =>
  failure('BAD_REQUEST', `unknown parameter: ${clip(name)}`, `unknown parameter: ${name}`);

/**
 * Parses the Lambda extension's query style, `?secretId=...&versionId=...&versionStage=...
 * &refreshNow=...`, as the agent does: any other parameter, a missing secretId or a
 * refreshNow other than true/false/1/0 (any case) is a 400.
 *
 * @example
 * parseQueryStyle('secretId=prod%2Fdb&refreshNow=true'); // { secretId: 'prod/db', refreshNow: true }
 */
export function parseQueryStyle(search: string): SecretQuery | HttpFailure {
  const query: SecretQuery = { secretId: '' };
  const problem = applyParameters(query, search, true);
  if (problem) return problem;
  if (query.secretId === '') {
    return failure('BAD_REQUEST', 'missing parameter secretId', 'missing parameter secretId');
  }
  return validate(query);
}

/**
 * Parses the agent's path style, `<path_prefix><secretId>?versionId=...`. The secret id is
 * everything after the prefix, percent-decoded.
 *
 * @example
 * parsePathStyle('/v1/prod/db', 'versionStage=AWSPREVIOUS', '/v1/'); // { secretId: 'prod/db', versionStage: 'AWSPREVIOUS' }
 */
export function parsePathStyle(
  path: string,
  search: string,
  prefix: string,
): SecretQuery | HttpFailure {
  const rawId = path.slice(prefix.length);
  if (rawId === '') return failure('BAD_REQUEST', 'missing secret ID', 'missing secret ID');
  const secretId = decode(rawId);
  if (typeof secretId !== 'string') return secretId;
  const query: SecretQuery = { secretId };
  const problem = applyParameters(query, search, false);
  if (problem) return problem;
  return validate(query);
}

// versionId with versionStage is passed through as the agent does: Secrets Manager itself
// accepts both only when they name the same version.
function validate(query: SecretQuery): SecretQuery | HttpFailure {
  if (query.roleArn !== undefined) {
    const parsed = parseRoleArn(query.roleArn);
    if (!parsed.ok) {
      // The agent's text: aws_secretsmanager_provider/src/parse.rs:51-56 (validate_role_arn).
      return failure(
        'BAD_REQUEST',
        `invalid roleArn: ${parsed.message}`,
        'invalid roleArn format, expected arn:<partition>:iam::<account>:role/<name>',
      );
    }
  }
  if (query.key === '')
    return failure('BAD_REQUEST', 'the key parameter is empty: give a JSON key');
  return query;
}

/** True when the value is an HttpFailure rather than a parsed query. */
export const isFailure = (value: unknown): value is HttpFailure =>
  typeof value === 'object' && value !== null && 'status' in value && 'type' in value;
