import { performance } from 'node:perf_hooks';
import { createRedactor } from '@vaultline/secret-names';
import type {
  DiagnoseCheck,
  DiagnoseDocument,
  DiagnoseFix,
  DiagnoseProblem,
  DiagnoseStatus,
  DiagnoseStep,
  DiagnoseStepEvent,
} from './types.js';

/** What a per-item check is about: a secret (by its id) or a parameter. */
export type StepSubject = string | { parameterId: string } | undefined;

const subjectFields = (subject: StepSubject): { secretId?: string; parameterId?: string } =>
  subject === undefined ? {} : typeof subject === 'string' ? { secretId: subject } : subject;

/** What a check returns; the runner adds id, title, timing and the secret. */
export interface StepOutcome {
  status: DiagnoseStatus;
  finding: string;
  problem?: DiagnoseProblem | undefined;
  remedy?: string | undefined;
  document?: DiagnoseDocument | undefined;
  fix?: DiagnoseFix | undefined;
}

/** The add-statement fix a document names. */
export function fixOfDocument(document: DiagnoseDocument): DiagnoseFix {
  const fix: DiagnoseFix = {
    action: 'add-statement',
    documentId: document.id,
    account: document.account,
    attachTo: document.attachTo,
    json: document.json,
  };
  if (document.statementSid) fix.statementSid = document.statementSid;
  if (document.accountId) fix.accountId = document.accountId;
  if (document.target) fix.target = document.target;
  return fix;
}

/**
 * Runs checks one after another: times them, reports them through `onStep`, turns an
 * unexpected throw into a failed step, and scrubs every known secret from the text (with
 * @vaultline/secret-names' redactor: the marker, threshold and key shapes of every package).
 */
export class StepRunner {
  readonly steps: DiagnoseStep[] = [];
  readonly #redactor = createRedactor();
  readonly #onStep: ((event: DiagnoseStepEvent) => void) | undefined;
  readonly #signal: AbortSignal | undefined;

  constructor(onStep?: (event: DiagnoseStepEvent) => void, signal?: AbortSignal) {
    this.#onStep = onStep;
    this.#signal = signal;
  }

  /** Remembers a value that must never appear in a finding (keys, secret values). */
  protect(value: string | undefined): void {
    this.#redactor.protect(value);
  }

  get cancelled(): boolean {
    return this.#signal?.aborted === true;
  }

  async run(
    check: DiagnoseCheck,
    title: string,
    subject: StepSubject,
    body: () => Promise<StepOutcome>,
  ): Promise<DiagnoseStep> {
    const fields = subjectFields(subject);
    const item = fields.secretId ?? fields.parameterId;
    const id = item === undefined ? check : `${check}:${item}`;
    this.#emit({ phase: 'start', id, check, title, ...fields });
    const started = performance.now();
    let outcome: StepOutcome;
    if (this.cancelled) {
      outcome = {
        status: 'skip',
        finding: 'cancelled before this check ran',
        problem: 'CANCELLED',
      };
    } else {
      try {
        outcome = await body();
      } catch (error) {
        outcome = {
          status: 'fail',
          finding: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
          problem: this.cancelled ? 'CANCELLED' : 'UNKNOWN',
        };
      }
    }
    const step: DiagnoseStep = {
      id,
      check,
      title,
      status: outcome.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      finding: this.#scrub(outcome.finding),
    };
    if (outcome.problem) step.problem = outcome.problem;
    if (outcome.remedy) step.remedy = this.#scrub(outcome.remedy);
    if (outcome.document) step.document = outcome.document;
    const fix = outcome.fix ?? (outcome.document ? fixOfDocument(outcome.document) : undefined);
    if (fix && outcome.status === 'fail') step.fix = fix;
    Object.assign(step, fields);
    this.steps.push(step);
    this.#emit({ phase: 'finish', step });
    return step;
  }

  /** Records a check that does not run because an earlier one failed. */
  skip(
    check: DiagnoseCheck,
    title: string,
    subject: StepSubject,
    reason: string,
  ): Promise<DiagnoseStep> {
    return this.run(check, title, subject, async () => ({ status: 'skip', finding: reason }));
  }

  #scrub(text: string): string {
    return this.#redactor.redact(text);
  }

  #emit(event: DiagnoseStepEvent): void {
    try {
      this.#onStep?.(event);
    } catch {
      // A failing progress callback must not change the diagnosis.
    }
  }
}
