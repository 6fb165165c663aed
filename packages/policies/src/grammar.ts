import type { PolicyKind } from './types.js';

/** Condition operators the grammar check accepts (each also with IfExists and ForAnyValue:/ForAllValues:). */
export const KNOWN_CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

export interface GrammarResult {
  valid: boolean;
  /** `path: problem` strings, e.g. `Statement[1].Effect: must be "Allow" or "Deny"`. */
  issues: string[];
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const SID = /^[A-Za-z0-9]*$/;
const OPERATORS = new Set(KNOWN_CONDITION_OPERATORS.map((name) => name.toLowerCase()));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringList = (value: unknown): string[] | undefined => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))
    return value as string[];
  return undefined;
};

function knownOperator(operator: string): boolean {
  let name = operator.toLowerCase();
  if (name.startsWith('foranyvalue:')) name = name.slice('foranyvalue:'.length);
  else if (name.startsWith('forallvalues:')) name = name.slice('forallvalues:'.length);
  if (name.endsWith('ifexists') && name !== 'null') name = name.slice(0, -'ifexists'.length);
  return OPERATORS.has(name);
}

function checkPrincipal(value: unknown, path: string, issues: string[]): void {
  if (value === '*') return;
  if (!isRecord(value)) {
    issues.push(
      `${path}: must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:role/name"}`,
    );
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) issues.push(`${path}: names no principal`);
  for (const key of keys) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(key)) {
      issues.push(
        `${path}.${key}: unknown principal type (expected AWS, Service, Federated or CanonicalUser)`,
      );
      continue;
    }
    const entries = stringList(value[key]);
    if (!entries) {
      issues.push(`${path}.${key}: must be a string or a non-empty list of strings`);
      continue;
    }
    for (const entry of entries) {
      if (
        key === 'AWS' &&
        !(entry === '*' || /^\d{12}$/.test(entry) || /^arn:[a-z-]+:(iam|sts)::\d{12}:/.test(entry))
      ) {
        issues.push(`${path}.AWS: '${entry}' is not "*", an account id or an IAM/STS ARN`);
      }
      if (key === 'Service' && !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(entry)) {
        issues.push(
          `${path}.Service: '${entry}' is not a service principal such as ec2.amazonaws.com`,
        );
      }
    }
  }
}

/**
 * Checks a document against IAM policy grammar for its kind: Version 2012-10-17, a Statement
 * list, Effect, exactly one of Action/NotAction, Resource or NotResource where required
 * (identity policies), Principal or NotPrincipal where required (trust, key and resource
 * policies, and never in identity policies), alphanumeric unique Sids and known condition
 * operators with string or boolean values.
 *
 * @example
 * validatePolicyGrammar({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }] }, 'identity');
 * // { valid: true, issues: [] }
 */
export function validatePolicyGrammar(
  document: unknown,
  kind: PolicyKind = 'identity',
): GrammarResult {
  const issues: string[] = [];
  if (!isRecord(document)) return { valid: false, issues: ['document: must be a JSON object'] };
  for (const key of Object.keys(document)) {
    if (!['Version', 'Id', 'Statement'].includes(key))
      issues.push(`${key}: unknown top-level element`);
  }
  if (document.Version !== '2012-10-17') {
    issues.push(
      `Version: must be "2012-10-17" (policy variables need it); received ${JSON.stringify(document.Version)}`,
    );
  }
  const statements = document.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    issues.push('Statement: must be a non-empty list of statements');
    return { valid: false, issues };
  }
  const sids = new Set<string>();
  statements.forEach((statement: unknown, index) => {
    checkStatement(statement, `Statement[${index}]`, kind, sids, issues);
  });
  return { valid: issues.length === 0, issues };
}

/** One statement: its elements, Sid, Effect, actions, resources, principals, conditions. */
function checkStatement(
  statement: unknown,
  path: string,
  kind: PolicyKind,
  sids: Set<string>,
  issues: string[],
): void {
  if (!isRecord(statement)) {
    issues.push(`${path}: must be an object`);
    return;
  }
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) issues.push(`${path}.${key}: unknown statement element`);
  }
  checkSid(statement.Sid, path, sids, issues);
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    issues.push(
      `${path}.Effect: must be "Allow" or "Deny"; received ${JSON.stringify(statement.Effect)}`,
    );
  }
  checkActions(statement, path, issues);
  checkResources(statement, path, issues);
  checkPlacement(statement, path, kind, issues);
  if (statement.Principal !== undefined)
    checkPrincipal(statement.Principal, `${path}.Principal`, issues);
  if (statement.NotPrincipal !== undefined)
    checkPrincipal(statement.NotPrincipal, `${path}.NotPrincipal`, issues);
  if (statement.Condition !== undefined) checkCondition(statement.Condition, path, issues);
}

function checkSid(sid: unknown, path: string, sids: Set<string>, issues: string[]): void {
  if (sid === undefined) return;
  if (typeof sid !== 'string' || !SID.test(sid)) {
    issues.push(`${path}.Sid: must contain only letters and digits`);
  } else if (sids.has(sid)) {
    issues.push(`${path}.Sid: '${sid}' is used twice; Sids must be unique`);
  } else sids.add(sid);
}

function checkActions(statement: Record<string, unknown>, path: string, issues: string[]): void {
  const hasAction = statement.Action !== undefined;
  const hasNotAction = statement.NotAction !== undefined;
  if (hasAction === hasNotAction) issues.push(`${path}: needs exactly one of Action or NotAction`);
  for (const field of ['Action', 'NotAction'] as const) {
    if (statement[field] === undefined) continue;
    const actions = stringList(statement[field]);
    if (!actions) issues.push(`${path}.${field}: must be a string or a non-empty list of strings`);
    else
      for (const action of actions)
        if (!ACTION.test(action))
          issues.push(`${path}.${field}: '${action}' is not service:Action`);
  }
}

function checkResources(statement: Record<string, unknown>, path: string, issues: string[]): void {
  if (statement.Resource !== undefined && statement.NotResource !== undefined) {
    issues.push(`${path}: has both Resource and NotResource`);
  }
  for (const field of ['Resource', 'NotResource'] as const) {
    if (statement[field] === undefined) continue;
    const resources = stringList(statement[field]);
    if (!resources)
      issues.push(`${path}.${field}: must be a string or a non-empty list of strings`);
    else
      for (const resource of resources) {
        if (resource !== '*' && !/^arn:[a-z-]+:[a-z0-9-]+:/.test(resource))
          issues.push(`${path}.${field}: '${resource}' is neither "*" nor an ARN`);
      }
  }
}

/** Which of Resource and Principal a statement of this kind of policy must or must not have. */
function checkPlacement(
  statement: Record<string, unknown>,
  path: string,
  kind: PolicyKind,
  issues: string[],
): void {
  const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined;
  const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
  if (kind === 'identity') {
    if (!hasResource)
      issues.push(`${path}: an identity policy statement needs Resource or NotResource`);
    if (hasPrincipal)
      issues.push(`${path}: an identity policy statement cannot have Principal or NotPrincipal`);
    return;
  }
  if (!hasPrincipal)
    issues.push(`${path}: a ${kind} policy statement needs Principal or NotPrincipal`);
  if (statement.Principal !== undefined && statement.NotPrincipal !== undefined)
    issues.push(`${path}: has both Principal and NotPrincipal`);
  if (kind === 'trust' && hasResource)
    issues.push(`${path}: a trust policy statement has no Resource (the role is the resource)`);
}

function checkCondition(condition: unknown, path: string, issues: string[]): void {
  if (!isRecord(condition)) {
    issues.push(`${path}.Condition: must be an object of operators`);
    return;
  }
  for (const [operator, block] of Object.entries(condition)) {
    if (!knownOperator(operator))
      issues.push(`${path}.Condition.${operator}: unknown condition operator`);
    if (!isRecord(block) || Object.keys(block).length === 0) {
      issues.push(`${path}.Condition.${operator}: must map condition keys to values`);
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      if (!/^[A-Za-z0-9-]+:[A-Za-z0-9/_.-]+$/.test(key))
        issues.push(
          `${path}.Condition.${operator}: '${key}' is not a condition key such as kms:ViaService`,
        );
      if (typeof value !== 'boolean' && !stringList(value))
        issues.push(
          `${path}.Condition.${operator}.${key}: must be a string, a boolean or a list of strings`,
        );
    }
  }
}
