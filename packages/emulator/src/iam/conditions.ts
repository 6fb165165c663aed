import type { PolicyCondition } from './types.js';
import { type ConditionContext, substituteVariables, toList } from './values.js';
import { arnMatch, globMatch } from './wildcard.js';

type Matcher = (policyValue: string, contextValue: string) => boolean;

interface OperatorSpec {
  match: Matcher;
  /** Negated operators hold when no value matches (and when the key is absent). */
  negated: boolean;
}

const ipv4 = (text: string): number | undefined => {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
};

const inCidr = (cidr: string, address: string): boolean => {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const network = ipv4(base ?? '');
  const host = ipv4(address);
  if (network === undefined || host === undefined || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(network / size) === Math.floor(host / size);
};

const equals: Matcher = (policy, value) => policy === value;
const equalsIgnoreCase: Matcher = (policy, value) => policy.toLowerCase() === value.toLowerCase();
const like: Matcher = (policy, value) => globMatch(policy, value, false);
const arnLike: Matcher = (policy, value) => arnMatch(policy, value);
const bool: Matcher = (policy, value) => policy.toLowerCase() === value.toLowerCase();

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { match: equals, negated: false },
  stringnotequals: { match: equals, negated: true },
  stringequalsignorecase: { match: equalsIgnoreCase, negated: false },
  stringnotequalsignorecase: { match: equalsIgnoreCase, negated: true },
  stringlike: { match: like, negated: false },
  stringnotlike: { match: like, negated: true },
  arnequals: { match: arnLike, negated: false },
  arnlike: { match: arnLike, negated: false },
  arnnotequals: { match: arnLike, negated: true },
  arnnotlike: { match: arnLike, negated: true },
  bool: { match: bool, negated: false },
  ipaddress: { match: inCidr, negated: false },
  notipaddress: { match: inCidr, negated: true },
};

/** Condition operators the evaluator understands (without `IfExists` and set prefixes), plus `Null`. */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Bool',
  'IpAddress',
  'NotIpAddress',
  'Null',
] as const;

/** Outcome of a Condition block; `unmet` describes the first failing test, for messages. */
export interface ConditionResult {
  met: boolean;
  unmet?: string;
}

interface ParsedOperator {
  base: string;
  ifExists: boolean;
  set?: 'ForAnyValue' | 'ForAllValues';
}

function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let set: ParsedOperator['set'];
  const lower = rest.toLowerCase();
  if (lower.startsWith('foranyvalue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (lower.startsWith('forallvalues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const parsed: ParsedOperator = { base: rest.toLowerCase(), ifExists };
  if (set) parsed.set = set;
  return parsed;
}

function testKey(
  parsed: ParsedOperator,
  policyValues: string[],
  contextValues: string[] | undefined,
): boolean {
  if (parsed.base === 'null') {
    const wantAbsent = policyValues.some((value) => value.toLowerCase() === 'true');
    const absent = contextValues === undefined || contextValues.length === 0;
    return wantAbsent === absent;
  }
  const spec = OPERATORS[parsed.base];
  if (!spec) return false; // unknown operators never hold (AWS refuses them when a policy is saved)
  const present = contextValues !== undefined && contextValues.length > 0;
  if (parsed.set === 'ForAllValues') {
    // Vacuously true for an absent key, as on AWS.
    if (!present) return true;
    return contextValues.every((value) => {
      const hit = policyValues.some((policy) => spec.match(policy, value));
      return spec.negated ? !hit : hit;
    });
  }
  if (!present) return parsed.ifExists || (spec.negated && parsed.set !== 'ForAnyValue');
  const hit = contextValues.some((value) =>
    policyValues.some((policy) => spec.match(policy, value)),
  );
  if (parsed.set === 'ForAnyValue' && spec.negated) {
    return contextValues.some((value) => !policyValues.some((policy) => spec.match(policy, value)));
  }
  return spec.negated ? !hit : hit;
}

/** Keys whose values are not echoed in messages (an external id is a shared secret of sorts). */
const REDACTED_KEYS = new Set(['sts:externalid']);

const describeValues = (key: string, values: string[] | undefined): string => {
  if (values === undefined || values.length === 0) return 'no value (key absent)';
  if (REDACTED_KEYS.has(key.toLowerCase())) return 'a value (not shown)';
  return values.map((value) => `'${value}'`).join(', ');
};

/**
 * Evaluates a statement's Condition block: every operator, every key within it must hold;
 * within one key, any listed value may match. Policy variables in values are substituted.
 *
 * @example
 * evaluateConditions({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }, context);
 */
export function evaluateConditions(
  condition: PolicyCondition | undefined,
  context: ConditionContext,
): ConditionResult {
  if (!condition || typeof condition !== 'object') return { met: true };
  for (const [operator, keys] of Object.entries(condition)) {
    if (!keys || typeof keys !== 'object') return { met: false, unmet: `${operator} is malformed` };
    const parsed = parseOperator(operator);
    for (const [key, raw] of Object.entries(keys)) {
      const policyValues = toList(raw).map(
        (value) => substituteVariables(value, context) ?? '\u0000',
      );
      const contextValues = context.get(key.toLowerCase());
      if (!testKey(parsed, policyValues, contextValues)) {
        return {
          met: false,
          unmet: `condition ${operator} ${key} expects ${describeValues(key, toList(raw))} but the request has ${describeValues(key, contextValues)}`,
        };
      }
    }
  }
  return { met: true };
}
