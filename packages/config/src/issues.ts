import type { z } from 'zod';
import { AUTH_TYPE_KEYS, AUTH_TYPES, type AuthType } from './schema.js';
import { closest } from './similarity.js';

/** A problem found in a configuration: where (`vault.region`) and what. Positions are 1-based. */
export interface ConfigIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** An issue before its path is rendered; loaders map `segments` to file positions. */
export interface RawIssue {
  segments: PropertyKey[];
  message: string;
}

const PLAIN_SEGMENT = /^[A-Za-z0-9_$-]+$/;

/**
 * Renders a path as `vault.roleChain[0].roleArn`; keys that are not plain words are quoted
 * (`connections["orders.db"].url`).
 *
 * @example
 * formatPath(['connections', 'orders-db', 'url']); // 'connections.orders-db.url'
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_SEGMENT.test(segment))
      out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * One line per issue, as compilers print them: `file:line:col path: message`.
 *
 * @example
 * formatIssue({ path: 'vault.region', message: 'is required', line: 2, column: 3 }, 'vaultline.yaml');
 * // 'vaultline.yaml:2:3 vault.region: is required'
 */
export function formatIssue(issue: ConfigIssue, filePath?: string): string {
  let where = filePath ?? '';
  if (where && issue.line !== undefined) where += `:${issue.line}:${issue.column ?? 1}`;
  const head = [where, issue.path].filter(Boolean).join(' ');
  return head ? `${head}: ${issue.message}` : issue.message;
}

const TOP_KEYS = ['$schema', 'vault', 'connections'];
const ALL_VAULT_KEYS = [...new Set(Object.values(AUTH_TYPE_KEYS).flat())];

const typeName = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
};

const getAt = (root: unknown, segments: readonly PropertyKey[]): unknown => {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment as string];
  }
  return value;
};

const authTypeOf = (input: unknown): AuthType | undefined => {
  const authType = getAt(input, ['vault', 'authType']);
  return AUTH_TYPES.includes(authType as AuthType) ? (authType as AuthType) : undefined;
};

function knownKeysAt(segments: readonly PropertyKey[], input: unknown): string[] | undefined {
  const [first, second, third] = segments;
  if (segments.length === 0) return TOP_KEYS;
  if (first !== 'vault') {
    // connections.<name>.<property> as an object: { secret } or { parameter }.
    return first === 'connections' && segments.length === 3 ? ['secret', 'parameter'] : undefined;
  }
  if (segments.length === 1) {
    const authType = authTypeOf(input);
    return authType ? [...AUTH_TYPE_KEYS[authType]] : ALL_VAULT_KEYS;
  }
  if (second === 'cache') return ['ttlSeconds', 'maxEntries', 'maxStaleSeconds'];
  if (second === 'instanceMetadata') return ['endpoint', 'timeoutMs', 'maxRetries'];
  if (second === 'roleChain' && typeof third === 'number')
    return ['roleArn', 'externalId', 'sessionName'];
  return undefined;
}

function unknownKeyMessage(key: string, parent: readonly PropertyKey[], input: unknown): string {
  const known = knownKeysAt(parent, input) ?? [];
  if (parent.length === 1 && parent[0] === 'vault') {
    const authType = authTypeOf(input);
    const owners = AUTH_TYPES.filter((type) => AUTH_TYPE_KEYS[type].includes(key));
    if (authType && owners.length > 0) {
      return `is not used with authType ${authType}; it belongs to authType ${owners.join(' or ')}`;
    }
  }
  const prefixed = known.find(
    (candidate) => key.length >= 3 && candidate.toLowerCase().startsWith(key.toLowerCase()),
  );
  const suggestion =
    closest(key, known, Math.min(3, Math.max(1, Math.floor(key.length / 3)))) ?? prefixed;
  if (suggestion) return `unknown key; did you mean ${suggestion}?`;
  return known.length > 0 ? `unknown key; expected one of ${known.join(', ')}` : 'unknown key';
}

function authTypeMessage(input: unknown): string {
  const value = getAt(input, ['vault', 'authType']);
  const options = AUTH_TYPES.join(', ');
  if (value === undefined) return `is required: one of ${options}`;
  if (typeof value !== 'string') return `expected one of ${options}; got ${typeName(value)}`;
  const suggestion = closest(value, AUTH_TYPES, 4);
  const hint = suggestion ? `; did you mean ${suggestion}?` : '';
  return `'${value.slice(0, 60)}' is not an authType: expected one of ${options}${hint}`;
}

const DEFAULT_MESSAGE = /^Invalid input(: expected \w+, received \w+)?$/;

function rewordTypeIssue(
  issue: z.core.$ZodIssueInvalidType,
  segments: readonly PropertyKey[],
  value: unknown,
): string {
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  if (value === undefined) {
    if (segments.length === 0) return 'the configuration is empty: it needs a vault section';
    if (segments.length === 1 && segments[0] === 'vault') {
      return 'is required: the vault section says where secrets live (authType, region, ...)';
    }
    return 'is required';
  }
  if (segments.length === 0) {
    return `the configuration must be a mapping with vault and connections sections; got ${typeName(value)}`;
  }
  const expected =
    issue.expected === 'object' || issue.expected === 'record' ? 'mapping' : issue.expected;
  const article = /^[aeiou]/.test(expected) ? 'an' : 'a';
  return `expected ${article} ${expected}; got ${typeName(value)}`;
}

const isRootTypeFailure = (issues: readonly z.core.$ZodIssue[]): boolean =>
  issues.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0);

/**
 * The union branches that got past the type check; of several objects ({ secret } and
 * { parameter }), the ones whose keys fit, or else the first (its unknown-key message).
 */
function nearestBranches(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): (readonly z.core.$ZodIssue[])[] {
  const near = branches.filter((branch) => !isRootTypeFailure(branch));
  if (near.length <= 1) return near;
  const fitting = near.filter((branch) => !branch.some((i) => i.code === 'unrecognized_keys'));
  return fitting.length > 0 ? fitting : near.slice(0, 1);
}

/**
 * Turns zod's issues into messages a person can act on: one per unknown key with a
 * suggestion, the branch that almost matched in a union, "is required" for missing keys.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: PropertyKey[] = [],
): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const segments = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          segments: [...segments, key],
          message: unknownKeyMessage(key, segments, input),
        });
      }
    } else if (
      issue.code === 'invalid_union' &&
      'note' in issue &&
      issue.note === 'No matching discriminator'
    ) {
      out.push({ segments, message: authTypeMessage(input) });
    } else if (issue.code === 'invalid_union') {
      // Report the one branch that got past the type check (an object with a bad key, say).
      const near = nearestBranches(issue.errors);
      if (near.length === 1) out.push(...fromZodIssues(near[0]!, input, segments));
      else out.push({ segments, message: issue.message });
    } else if (issue.code === 'invalid_key') {
      out.push({ segments, message: issue.issues[0]?.message ?? issue.message });
    } else if (issue.code === 'invalid_type') {
      out.push({ segments, message: rewordTypeIssue(issue, segments, getAt(input, segments)) });
    } else {
      out.push({ segments, message: issue.message });
    }
  }
  return out;
}
