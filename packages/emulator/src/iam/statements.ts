import { evaluateConditions } from './conditions.js';
import {
  type Caller,
  matchNotPrincipal,
  matchPrincipal,
  type PrincipalMatch,
} from './principal.js';
import type { PolicyDocument, PolicyStatement } from './types.js';
import { type ConditionContext, substituteVariables, toList } from './values.js';
import { arnMatch, globMatch } from './wildcard.js';

/** The statements of a document as a list (tolerates a single statement object). */
export function statementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  if (!document || typeof document !== 'object') return [];
  const { Statement } = document;
  if (Array.isArray(Statement)) return Statement.filter((item) => item && typeof item === 'object');
  return Statement && typeof Statement === 'object' ? [Statement] : [];
}

/** True when the statement's Action / NotAction covers `action` (case-insensitive, wildcards). */
export function matchesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) {
    return toList(statement.Action).some((pattern) => globMatch(pattern, action, true));
  }
  if (statement.NotAction !== undefined) {
    return !toList(statement.NotAction).some((pattern) => globMatch(pattern, action, true));
  }
  return false;
}

/**
 * True when Resource / NotResource covers `resource`. `whenAbsent` is the answer for a
 * statement with neither: true in resource policies (the resource itself), false otherwise.
 */
export function matchesResource(
  statement: PolicyStatement,
  resource: string,
  context: ConditionContext,
  whenAbsent: boolean,
): boolean {
  const covers = (pattern: string): boolean => {
    const expanded = substituteVariables(pattern, context);
    return expanded !== undefined && arnMatch(expanded, resource);
  };
  if (statement.Resource !== undefined) return toList(statement.Resource).some(covers);
  if (statement.NotResource !== undefined) return !toList(statement.NotResource).some(covers);
  return whenAbsent;
}

/** A statement that covers the request, or came close (all but its Condition). */
export interface StatementHit {
  statement: PolicyStatement;
  principal: PrincipalMatch;
}

export interface StatementScan {
  /** Matching statements, Condition included. */
  hits: StatementHit[];
  /** Statements that match all but their Condition, with the reason, for messages. */
  nearMisses: { statement: PolicyStatement; unmet: string }[];
}

export interface ScanTarget {
  action: string;
  resource: string;
  context: ConditionContext;
  /** Resource policies: the caller that Principal / NotPrincipal must cover. */
  caller?: Caller;
}

/**
 * Finds the statements of `documents` with the given Effect that apply to the request.
 * Identity policies are scanned without `caller` (their Principal is ignored); resource,
 * key and trust policies with it.
 */
export function scanStatements(
  documents: (PolicyDocument | undefined)[],
  effect: 'Allow' | 'Deny',
  target: ScanTarget,
): StatementScan {
  const scan: StatementScan = { hits: [], nearMisses: [] };
  const isResourcePolicy = target.caller !== undefined;
  for (const document of documents) {
    for (const statement of statementsOf(document)) {
      if (statement.Effect !== effect) continue;
      let principal: PrincipalMatch = 'direct';
      if (target.caller !== undefined) {
        if (statement.Principal !== undefined)
          principal = matchPrincipal(statement.Principal, target.caller);
        else if (statement.NotPrincipal !== undefined) {
          principal = matchNotPrincipal(statement.NotPrincipal, target.caller) ? 'direct' : 'none';
        } else principal = 'none';
        if (principal === 'none') continue;
      }
      if (!matchesAction(statement, target.action)) continue;
      if (!matchesResource(statement, target.resource, target.context, isResourcePolicy)) continue;
      const conditions = evaluateConditions(statement.Condition, target.context);
      if (!conditions.met) {
        scan.nearMisses.push({ statement, unmet: conditions.unmet ?? 'condition not met' });
        continue;
      }
      scan.hits.push({ statement, principal });
    }
  }
  return scan;
}

/** The strongest principal match among hits (`direct` over `account`). */
export function strongestHit(hits: StatementHit[]): StatementHit | undefined {
  return hits.find((hit) => hit.principal === 'direct') ?? hits[0];
}
