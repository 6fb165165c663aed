import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  type Filter,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type AwsErrorContext, awsFailure, codeForAwsName, fromAwsError } from './aws-errors.js';
import { BatchTimer } from './batch-timer.js';
import { ResolverError } from './errors.js';
import type { ApiAction, Instruments } from './metrics.js';
import { partialArnOf, toSecretValue } from './secret-value.js';
import type { SecretValue, VersionSelector } from './types.js';

/** BatchGetSecretValue takes at most 20 ids. */
export const MAX_BATCH_SIZE = 20;

/**
 * Batch calls in flight at once by default. Thousands of references at once (a prefetch)
 * otherwise open hundreds of calls together: AWS throttles them and the responses sit in
 * memory together. Five keep a cold start fast (100 secrets a round trip).
 */
export const DEFAULT_MAX_BATCHES_IN_FLIGHT = 5;

export interface FetchRequest extends VersionSelector {
  secretId: string;
}

export interface FetcherOptions {
  client: SecretsManagerClient;
  instruments: Instruments;
  /** How long to gather requests before a batch call; 0 means the current event-loop turn. */
  batchWindowMs: number;
  /** Error context (cross-account, region) for a secret id, for hints. */
  contextFor: (secretId: string) => AwsErrorContext;
  /** BatchGetSecretValue calls in flight at most; further batches wait their turn. */
  maxBatchesInFlight?: number;
}

interface Pending {
  secretId: string;
  resolve: (value: SecretValue) => void;
  reject: (error: ResolverError) => void;
}

const isBatchable = (request: FetchRequest): boolean =>
  !request.versionId && (!request.versionStage || request.versionStage === 'AWSCURRENT');

/** One key per secret version: a version id wins over a stage; AWSCURRENT is the default. */
const inflightKey = (request: FetchRequest): string =>
  request.versionId
    ? `${request.secretId}\n#${request.versionId}`
    : `${request.secretId}\n@${request.versionStage ?? 'AWSCURRENT'}`;

/**
 * Fetches secret versions from Secrets Manager with as few calls as possible: distinct
 * AWSCURRENT requests made close together go out as BatchGetSecretValue calls of up to 20,
 * versioned ones as GetSecretValue, identical requests in flight share one call. When
 * BatchGetSecretValue is denied the fetcher falls back to GetSecretValue per secret and
 * keeps doing so. Retries and timeouts are the SDK client's.
 */
export class SecretFetcher {
  readonly #options: FetcherOptions;
  readonly #inflight = new Map<string, Promise<SecretValue>>();
  readonly #describing = new Map<string, Promise<Record<string, string[]>>>();
  #queue = new Map<string, Pending[]>();
  readonly #timer: BatchTimer;
  #corked = 0;
  #batchDenied = false;
  /** Batches gathered but not yet sent, oldest first, and how many are being sent. */
  #waiting: Map<string, Pending[]>[] = [];
  #running = 0;
  readonly #maxInFlight: number;

  constructor(options: FetcherOptions) {
    this.#options = options;
    this.#maxInFlight = Math.max(1, options.maxBatchesInFlight ?? DEFAULT_MAX_BATCHES_IN_FLIGHT);
    this.#timer = new BatchTimer(options.batchWindowMs, () => this.#flush());
  }

  /** True once BatchGetSecretValue was denied and GetSecretValue is used instead. */
  get batchDenied(): boolean {
    return this.#batchDenied;
  }

  /**
   * Fetches one secret version; the call is made (or joined) synchronously, so requests
   * made in one loop over references land in the same batch.
   */
  fetch(request: FetchRequest): Promise<SecretValue> {
    const key = inflightKey(request);
    const existing = this.#inflight.get(key);
    if (existing) return existing;
    const promise = (
      isBatchable(request) && !this.#batchDenied
        ? this.#enqueue(request.secretId)
        : this.#getOne(request)
    ).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  /** Holds batch calls until the matching `uncork`, which sends what was gathered at once. */
  cork(): void {
    this.#corked += 1;
  }

  uncork(): void {
    this.#corked = Math.max(0, this.#corked - 1);
    if (this.#corked === 0 && this.#queue.size > 0) this.#flush();
  }

  /**
   * Every secret matching `filters` (BatchGetSecretValue with Filters, page by page, 20 a
   * page): values, and per-secret failures.
   */
  async fetchMatching(
    filters: Filter[],
  ): Promise<{ values: SecretValue[]; errors: { secretId: string; error: ResolverError }[] }> {
    const values: SecretValue[] = [];
    const errors: { secretId: string; error: ResolverError }[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const output = await this.#send('BatchGetSecretValue', MAX_BATCH_SIZE, undefined, () =>
        this.#options.client.send(
          new BatchGetSecretValueCommand({
            Filters: filters,
            MaxResults: MAX_BATCH_SIZE,
            ...(token ? { NextToken: token } : {}),
          }),
        ),
      );
      for (const entry of output.SecretValues ?? []) {
        if (entry.ARN) values.push(toSecretValue(entry, entry.ARN));
      }
      for (const failure of output.Errors ?? []) {
        const secretId = failure.SecretId ?? '(unknown)';
        const awsCode = failure.ErrorCode ?? 'UnknownError';
        const message = failure.Message ?? '';
        const code = codeForAwsName(awsCode, message) ?? 'UNKNOWN';
        const context = {
          ...this.#options.contextFor(secretId),
          secretId,
          action: 'BatchGetSecretValue',
        };
        errors.push({ secretId, error: awsFailure(code, awsCode, message, context, failure) });
      }
      nextToken = output.NextToken;
    } while (nextToken);
    return { values, errors };
  }

  /** DescribeSecret's NextRotationDate (epoch ms), or undefined when none is scheduled. */
  async nextRotation(secretId: string): Promise<number | undefined> {
    const output = await this.#send('DescribeSecret', 1, secretId, () =>
      this.#options.client.send(new DescribeSecretCommand({ SecretId: secretId })),
    );
    return output.NextRotationDate?.getTime();
  }

  /**
   * DescribeSecret's VersionIdsToStages: which version holds which stages now. Calls for one
   * secret made while one is in flight share it.
   */
  versionStages(arn: string): Promise<Record<string, string[]>> {
    const key = `describe\n${arn}`;
    const existing = this.#describing.get(key);
    if (existing) return existing;
    const promise = this.#send('DescribeSecret', 1, arn, () =>
      this.#options.client.send(new DescribeSecretCommand({ SecretId: arn })),
    )
      .then((output) => output.VersionIdsToStages ?? {})
      .finally(() => this.#describing.delete(key));
    this.#describing.set(key, promise);
    return promise;
  }

  /** Stops the pending timer; queued requests fail as CLOSED. */
  close(): void {
    this.#timer.clear();
    const queue = new Map(this.#queue);
    this.#queue = new Map();
    for (const batch of this.#waiting.splice(0)) {
      for (const [secretId, waiters] of batch) queue.set(secretId, waiters);
    }
    for (const [secretId, waiters] of queue) {
      const error = new ResolverError(
        'CLOSED',
        `the resolver was closed before secret '${secretId}' was fetched`,
        { secretId },
      );
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  #enqueue(secretId: string): Promise<SecretValue> {
    return new Promise<SecretValue>((resolve, reject) => {
      const waiters = this.#queue.get(secretId);
      if (waiters) waiters.push({ secretId, resolve, reject });
      else this.#queue.set(secretId, [{ secretId, resolve, reject }]);
      if (this.#corked > 0) return;
      if (this.#queue.size >= MAX_BATCH_SIZE) this.#flush();
      else this.#timer.schedule();
    });
  }

  #flush(): void {
    this.#timer.clear();
    const queue = this.#queue;
    this.#queue = new Map();
    const ids = [...queue.keys()];
    for (let start = 0; start < ids.length; start += MAX_BATCH_SIZE) {
      const chunk = ids.slice(start, start + MAX_BATCH_SIZE);
      this.#waiting.push(new Map(chunk.map((id) => [id, queue.get(id) ?? []])));
    }
    this.#pump();
  }

  /** Sends waiting batches while fewer than maxBatchesInFlight are in flight. */
  #pump(): void {
    while (this.#running < this.#maxInFlight && this.#waiting.length > 0) {
      const waiters = this.#waiting.shift()!;
      this.#running += 1;
      this.#dispatch(waiters)
        .catch((caught: unknown) => {
          // Not expected (dispatch settles every waiter itself), but never leave one hanging.
          const error = fromAwsError(caught);
          for (const list of waiters.values()) for (const waiter of list) waiter.reject(error);
        })
        .finally(() => {
          this.#running -= 1;
          this.#pump();
        });
    }
  }

  async #dispatch(waiters: Map<string, Pending[]>): Promise<void> {
    const settle = (id: string, outcome: { value: SecretValue } | { error: ResolverError }) => {
      for (const waiter of waiters.get(id) ?? []) {
        if ('value' in outcome) waiter.resolve(outcome.value);
        else waiter.reject(outcome.error);
      }
    };
    const ids = [...waiters.keys()];
    if (this.#batchDenied || ids.length === 1) {
      await this.#getEach(ids, settle);
      return;
    }
    let results: Map<string, { value: SecretValue } | { error: ResolverError }>;
    try {
      results = await this.#batch(ids);
    } catch (caught) {
      const error = caught as ResolverError;
      if (error.code === 'ACCESS_DENIED') {
        // Most likely a policy that grants GetSecretValue but not BatchGetSecretValue.
        this.#batchDenied = true;
        this.#options.instruments.log(
          'warn',
          { action: 'BatchGetSecretValue', awsCode: error.awsCode },
          'BatchGetSecretValue was denied; using GetSecretValue per secret from now on (allow secretsmanager:BatchGetSecretValue to save API calls)',
        );
        await this.#getEach(ids, settle);
        return;
      }
      if (error.transient || error.code === 'AUTH_FAILED' || error.code === 'CLOSED') {
        for (const id of ids) settle(id, { error: this.#forSecret(error, id) });
        return;
      }
      // Anything else (a malformed id, say) would blame every secret: ask one by one.
      await this.#getEach(ids, settle);
      return;
    }
    const missing: string[] = [];
    for (const id of ids) {
      const outcome = results.get(id);
      if (outcome) settle(id, outcome);
      else missing.push(id);
    }
    // Not matched to a value or an error (an ambiguous name, say): ask for each directly.
    if (missing.length > 0) await this.#getEach(missing, settle);
  }

  async #getEach(
    ids: string[],
    settle: (id: string, outcome: { value: SecretValue } | { error: ResolverError }) => void,
  ): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        try {
          settle(id, { value: await this.#getOne({ secretId: id }) });
        } catch (error) {
          settle(id, { error: error as ResolverError });
        }
      }),
    );
  }

  async #batch(
    ids: string[],
  ): Promise<Map<string, { value: SecretValue } | { error: ResolverError }>> {
    const output = await this.#send('BatchGetSecretValue', ids.length, undefined, () =>
      this.#options.client.send(new BatchGetSecretValueCommand({ SecretIdList: ids })),
    );
    const results = new Map<string, { value: SecretValue } | { error: ResolverError }>();
    const requested = new Set(ids);
    for (const failure of output.Errors ?? []) {
      const id = failure.SecretId;
      if (!id || !requested.has(id)) continue;
      const awsCode = failure.ErrorCode ?? 'UnknownError';
      const message = failure.Message ?? '';
      const code = codeForAwsName(awsCode, message) ?? 'UNKNOWN';
      const context = {
        ...this.#options.contextFor(id),
        secretId: id,
        action: 'BatchGetSecretValue',
      };
      results.set(id, { error: awsFailure(code, awsCode, message, context, failure) });
    }
    const entries = output.SecretValues ?? [];
    for (const id of ids) {
      if (results.has(id)) continue;
      const matches = entries.filter(
        (entry) => entry.ARN !== undefined && (entry.ARN === id || partialArnOf(entry.ARN) === id),
      );
      const byName = matches.length > 0 ? matches : entries.filter((entry) => entry.Name === id);
      // Two secrets with this name (one local, one in another account): ask directly.
      if (byName.length === 1) results.set(id, { value: toSecretValue(byName[0]!, id) });
    }
    return results;
  }

  async #getOne(request: FetchRequest): Promise<SecretValue> {
    const output = await this.#send('GetSecretValue', 1, request.secretId, () =>
      this.#options.client.send(
        new GetSecretValueCommand({
          SecretId: request.secretId,
          VersionId: request.versionId,
          VersionStage: request.versionId ? undefined : request.versionStage,
        }),
      ),
    );
    return toSecretValue(output, request.secretId);
  }

  async #send<T>(
    action: ApiAction,
    secrets: number,
    secretId: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    try {
      const output = await call();
      this.#options.instruments.apiCall(action, {
        durationMs: performance.now() - started,
        ok: true,
        secrets,
      });
      return output;
    } catch (caught) {
      this.#options.instruments.apiCall(action, {
        durationMs: performance.now() - started,
        ok: false,
        secrets,
      });
      const context = secretId ? this.#options.contextFor(secretId) : {};
      throw fromAwsError(caught, { ...context, secretId, action });
    }
  }

  /** A batch-wide failure restated for one of its secrets. */
  #forSecret(error: ResolverError, secretId: string): ResolverError {
    const context = {
      ...this.#options.contextFor(secretId),
      secretId,
      action: 'BatchGetSecretValue',
    };
    const awsMessage = error.cause instanceof Error ? error.cause.message : '';
    return error.code === 'CLOSED'
      ? error
      : awsFailure(error.code, error.awsCode, awsMessage, context, error.cause, error.status);
  }
}
