import { GetParametersCommand, type Parameter, type SSMClient } from '@aws-sdk/client-ssm';
import { formatParameterReference, type ParameterReference } from '@vaultline/secret-names';
import { type AwsErrorContext, awsFailure, fromAwsError } from './aws-errors.js';
import { BatchTimer } from './batch-timer.js';
import { ResolverError, type ResolverErrorCode } from './errors.js';
import { DEFAULT_MAX_BATCHES_IN_FLIGHT } from './fetcher.js';
import type { Instruments } from './metrics.js';
import type { ParameterValue } from './types.js';

/** GetParameters takes at most 10 names. */
export const MAX_PARAMETER_BATCH_SIZE = 10;

export interface ParameterRequest {
  reference: ParameterReference;
  withDecryption: boolean;
}

export interface ParameterFetcherOptions {
  client: SSMClient;
  instruments: Instruments;
  /** How long to gather requests before a call; 0 means the current event-loop turn. */
  batchWindowMs: number;
  /** GetParameters calls in flight at most; further batches wait their turn. */
  maxBatchesInFlight?: number;
  /** Error context (ARN, cross-account, region) of a reference, for messages and hints. */
  contextFor: (reference: ParameterReference) => AwsErrorContext;
}

type Outcome = { value: ParameterValue } | { error: ResolverError };

/** Failures that concern the caller, not one name: asking name by name would fail alike. */
const BATCH_WIDE: ReadonlySet<ResolverErrorCode> = new Set(['CLOSED', 'AUTH_FAILED']);

interface Pending {
  request: ParameterRequest;
  /** The Name as GetParameters takes it: the name or ARN with its selector. */
  name: string;
  waiters: { resolve: (value: ParameterValue) => void; reject: (error: ResolverError) => void }[];
}

/** A batch: requests of one WithDecryption mode, at most 10 distinct names. */
interface Batch {
  withDecryption: boolean;
  pending: Pending[];
}

const keyOf = (name: string, withDecryption: boolean): string =>
  `${withDecryption ? 'd' : 'e'}\n${name}`;

/**
 * Fetches parameters from Parameter Store with as few calls as possible: requests made close
 * together go out as GetParameters calls of up to 10 names, one WithDecryption mode a call;
 * identical requests in flight share one call. A refusal of a whole batch (AWS refuses all
 * of GetParameters when one name is denied) is narrowed by asking each name alone.
 */
export class ParameterFetcher {
  readonly #options: ParameterFetcherOptions;
  readonly #inflight = new Map<string, Promise<ParameterValue>>();
  #queue = new Map<string, Pending>();
  readonly #timer: BatchTimer;
  #corked = 0;
  #waiting: Batch[] = [];
  #running = 0;
  readonly #maxInFlight: number;

  constructor(options: ParameterFetcherOptions) {
    this.#options = options;
    this.#maxInFlight = Math.max(1, options.maxBatchesInFlight ?? DEFAULT_MAX_BATCHES_IN_FLIGHT);
    this.#timer = new BatchTimer(options.batchWindowMs, () => this.#flush());
  }

  /** Fetches one parameter version; the request joins the batch being gathered synchronously. */
  fetch(request: ParameterRequest): Promise<ParameterValue> {
    const name = formatParameterReference(request.reference);
    const key = keyOf(name, request.withDecryption);
    const existing = this.#inflight.get(key);
    if (existing) return existing;
    const promise = new Promise<ParameterValue>((resolve, reject) => {
      this.#queue.set(key, { request, name, waiters: [{ resolve, reject }] });
      if (this.#corked === 0) this.#timer.schedule();
    }).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  /** Holds calls until the matching `uncork`, which sends what was gathered at once. */
  cork(): void {
    this.#corked += 1;
  }

  uncork(): void {
    this.#corked = Math.max(0, this.#corked - 1);
    if (this.#corked === 0 && this.#queue.size > 0) this.#flush();
  }

  /** Stops the pending timer; queued requests fail as CLOSED. */
  close(): void {
    this.#timer.clear();
    const pending = [...this.#queue.values(), ...this.#waiting.flatMap((batch) => batch.pending)];
    this.#queue = new Map();
    this.#waiting = [];
    for (const { name, waiters } of pending) {
      const error = new ResolverError(
        'CLOSED',
        `the resolver was closed before parameter '${name}' was fetched`,
        { parameterId: name },
      );
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  #flush(): void {
    this.#timer.clear();
    const queued = [...this.#queue.values()];
    this.#queue = new Map();
    for (const withDecryption of [true, false]) {
      const mode = queued.filter((pending) => pending.request.withDecryption === withDecryption);
      for (let start = 0; start < mode.length; start += MAX_PARAMETER_BATCH_SIZE) {
        const pending = mode.slice(start, start + MAX_PARAMETER_BATCH_SIZE);
        this.#waiting.push({ withDecryption, pending });
      }
    }
    this.#pump();
  }

  /** Sends waiting batches while fewer than maxBatchesInFlight are in flight. */
  #pump(): void {
    while (this.#running < this.#maxInFlight && this.#waiting.length > 0) {
      const batch = this.#waiting.shift()!;
      this.#running += 1;
      this.#dispatch(batch)
        .then((outcomes) => {
          for (const [index, pending] of batch.pending.entries()) settle(pending, outcomes[index]!);
        })
        .catch((caught: unknown) => {
          // Not expected (dispatch answers for every name), but never leave a caller hanging.
          const error = fromAwsError(caught);
          for (const pending of batch.pending) settle(pending, { error });
        })
        .finally(() => {
          this.#running -= 1;
          this.#pump();
        });
    }
  }

  /** One outcome per pending request, in order. */
  async #dispatch(batch: Batch): Promise<Outcome[]> {
    let output: { Parameters?: Parameter[]; InvalidParameters?: string[] };
    try {
      output = await this.#getParameters(batch.pending, batch.withDecryption);
    } catch (caught) {
      const error = caught as ResolverError;
      if (batch.pending.length > 1 && !BATCH_WIDE.has(error.code) && !error.transient) {
        // AWS refuses the whole call for one denied name (or key): ask each name alone.
        return Promise.all(
          batch.pending.map(async (pending) => {
            const [outcome] = await this.#dispatch({ ...batch, pending: [pending] });
            return outcome!;
          }),
        );
      }
      return batch.pending.map((pending) => ({ error: this.#restated(error, pending) }));
    }
    const invalid = new Set(output.InvalidParameters ?? []);
    const claimed = new Set(
      batch.pending
        .filter((p) => p.request.reference.arn)
        .map((p) => p.request.reference.parameterId),
    );
    const outcomes = batch.pending.map((pending) =>
      matchParameter(pending, output.Parameters ?? [], invalid, claimed),
    );
    if (batch.pending.length > 1) {
      // Not matched to one parameter (a name that two accounts' parameters answer): alone.
      await Promise.all(
        outcomes.map(async (outcome, index) => {
          if (outcome !== 'unmatched') return;
          const alone = { ...batch, pending: [batch.pending[index]!] };
          outcomes[index] = (await this.#dispatch(alone))[0]!;
        }),
      );
    }
    return this.#explainMissing(batch.pending, outcomes);
  }

  /**
   * GetParameters lists a missing parameter and a missing version alike in
   * InvalidParameters. For references with a selector, one more call for the bare names
   * (without decryption) tells which: the parameter is missing, or only that version.
   */
  async #explainMissing(
    pending: Pending[],
    outcomes: (Outcome | 'invalid' | 'unmatched')[],
  ): Promise<Outcome[]> {
    const selected = pending.filter(
      (item, index) =>
        outcomes[index] === 'invalid' &&
        (item.request.reference.version !== undefined ||
          item.request.reference.label !== undefined),
    );
    let existing = new Set<string>();
    if (selected.length > 0) {
      const bare = [...new Set(selected.map((item) => item.request.reference.parameterId))];
      try {
        const output = await this.#send(bare, false);
        const missing = new Set(output.InvalidParameters ?? []);
        existing = new Set(bare.filter((id) => !missing.has(id)));
      } catch {
        // Without the answer each one is reported as not found, which it may well be.
      }
    }
    return pending.map((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome === 'invalid') {
        const versionMissing = existing.has(item.request.reference.parameterId);
        return { error: this.#notFound(item, versionMissing ? 'version' : 'listed') };
      }
      if (outcome === 'unmatched') return { error: this.#notFound(item, 'unanswered') };
      return outcome;
    });
  }

  /**
   * A name GetParameters did not answer with a parameter: listed in InvalidParameters (the
   * parameter, or only the version or label asked for, is missing), or left out of the answer.
   */
  #notFound(pending: Pending, why: 'version' | 'listed' | 'unanswered'): ResolverError {
    const { reference } = pending.request;
    const code: ResolverErrorCode =
      why === 'version' ? 'PARAMETER_VERSION_NOT_FOUND' : 'PARAMETER_NOT_FOUND';
    const detail =
      why === 'version'
        ? reference.version !== undefined
          ? `${reference.parameterId} exists, but has no version ${reference.version}`
          : `${reference.parameterId} exists, but no version of it has the label '${reference.label}'`
        : why === 'listed'
          ? `GetParameters lists ${pending.name} in InvalidParameters`
          : `GetParameters returned no parameter for ${pending.name}`;
    const context = this.#contextOf(pending);
    return awsFailure(code, undefined, detail, context, undefined);
  }

  #contextOf(pending: Pending): AwsErrorContext {
    return { ...this.#options.contextFor(pending.request.reference), action: 'GetParameters' };
  }

  /** A batch-wide failure restated for one of its parameters. */
  #restated(error: ResolverError, pending: Pending): ResolverError {
    if (error.code === 'CLOSED' || error.code === 'AUTH_FAILED') return error;
    const awsMessage = error.cause instanceof Error ? error.cause.message : '';
    const context = this.#contextOf(pending);
    return awsFailure(error.code, error.awsCode, awsMessage, context, error.cause, error.status);
  }

  #getParameters(pending: Pending[], withDecryption: boolean) {
    return this.#send(
      pending.map((item) => item.name),
      withDecryption,
      pending.length === 1 ? pending[0] : undefined,
    );
  }

  async #send(names: string[], withDecryption: boolean, only?: Pending) {
    const started = performance.now();
    const record = (ok: boolean) =>
      this.#options.instruments.apiCall('GetParameters', {
        durationMs: performance.now() - started,
        ok,
        secrets: names.length,
      });
    try {
      const output = await this.#options.client.send(
        new GetParametersCommand({ Names: names, WithDecryption: withDecryption }),
      );
      record(true);
      return output;
    } catch (caught) {
      record(false);
      const context = only ? this.#contextOf(only) : { action: 'GetParameters' };
      throw fromAwsError(caught, context);
    }
  }
}

function settle(pending: Pending, outcome: Outcome): void {
  for (const waiter of pending.waiters) {
    if ('value' in outcome) waiter.resolve(outcome.value);
    else waiter.reject(outcome.error);
  }
}

/**
 * The returned parameter that answers a request: same selector, and the ARN (for an ARN
 * reference) or the name. 'invalid' when AWS listed it in InvalidParameters, 'unmatched'
 * when neither (or more than one parameter fits).
 */
function matchParameter(
  pending: Pending,
  parameters: Parameter[],
  invalid: ReadonlySet<string>,
  claimedArns: ReadonlySet<string>,
): Outcome | 'invalid' | 'unmatched' {
  if (invalid.has(pending.name)) return 'invalid';
  const { reference } = pending.request;
  const selector =
    reference.version !== undefined
      ? `:${reference.version}`
      : reference.label !== undefined
        ? `:${reference.label}`
        : undefined;
  const sameSelector = parameters.filter((p) => (p.Selector ?? undefined) === selector);
  const byArn = reference.arn
    ? sameSelector.filter(
        (p) => p.ARN === reference.parameterId || p.Name === reference.parameterId,
      )
    : [];
  const candidates =
    byArn.length > 0 ? byArn : sameSelector.filter((p) => p.Name === reference.name);
  const chosen = onlyParameter(candidates, reference.arn ? new Set() : claimedArns);
  return chosen ? { value: toParameterValue(chosen) } : 'unmatched';
}

/**
 * The one parameter among candidates (several entries of one ARN count once). A name asked
 * together with another account's ARN of the same name leaves that ARN's entry to it.
 */
function onlyParameter(
  candidates: Parameter[],
  claimedArns: ReadonlySet<string>,
): Parameter | undefined {
  const distinct = new Map(candidates.map((p) => [p.ARN, p]));
  if (distinct.size > 1) for (const arn of claimedArns) distinct.delete(arn);
  return distinct.size === 1 ? [...distinct.values()][0] : undefined;
}

/** GetParameters' entry as the resolver hands it out. */
export function toParameterValue(parameter: Parameter): ParameterValue {
  return {
    Name: parameter.Name ?? '',
    ARN: parameter.ARN ?? '',
    Type: (parameter.Type ?? 'String') as ParameterValue['Type'],
    Value: parameter.Value ?? '',
    Version: parameter.Version ?? 0,
    Selector: parameter.Selector,
    SourceResult: parameter.SourceResult,
    LastModifiedDate: parameter.LastModifiedDate,
    DataType: parameter.DataType ?? 'text',
  };
}
