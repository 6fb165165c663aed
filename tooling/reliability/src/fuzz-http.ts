import { Agent } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { HangError, httpGet } from './http-client.js';

/** What the HTTP fuzzing saw. */
export interface HttpFuzzOutcome {
  runs: number;
  /** Answers 500 (or any 5xx but 502/503/504) to a client's request. */
  serverErrors: number;
  /** Requests without an answer in time. */
  hangs: number;
  /** Raw-socket runs and their 500s/hangs. */
  rawRuns: number;
  /** How many answers of each status the HTTP runs got (`error` when the socket failed). */
  statuses: Record<string, number>;
  examples: string[];
}

const SECRET_IDS = ['prod/app1/token', 'prod/app1/db', 'soak/hot/00', 'denied/secret', 'nope'];

const encoded = (arbitrary: fc.Arbitrary<string>) =>
  arbitrary.map((text) => encodeURIComponent(text));

/** A path segment: valid names, unicode, traversal, stray and broken percent escapes. */
const segment = fc.oneof(
  fc.constantFrom(...SECRET_IDS),
  encoded(fc.string({ unit: 'grapheme', maxLength: 40 })),
  fc.constantFrom('..', '.', '%2e%2e', '%2F', '%00', '%zz', '%', '%E0%A4%A', '//', '~', ';', '%20'),
  fc.string({
    unit: fc.constantFrom('a', 'Z', '0', '-', '_', '/', '.', '+', '=', '@'),
    maxLength: 600,
  }),
);

const path = fc.oneof(
  fc.constantFrom(...SECRET_IDS).map((id) => `/v1/${id}`),
  fc
    .tuple(
      fc.constantFrom('/v1/', '/v1/connections/', '/', '/secretsmanager/', '/metrics/', '/ping/'),
      segment,
    )
    .map(([prefix, rest]) => `${prefix}${rest}`),
  fc.constantFrom('/secretsmanager/get', '/ping', '/metrics', '/v1', '/v1/', '/v1/connections'),
  fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);

const queryValue = fc.oneof(
  {
    arbitrary: fc.oneof(
      fc.constantFrom(...SECRET_IDS, 'true', 'false', 'AWSCURRENT', 'AWSPREVIOUS', '', 'username'),
      encoded(fc.string({ unit: 'grapheme', maxLength: 40 })),
      fc.constantFrom('%', '%zz', '%00', '&', '=', '%26', '+'),
    ),
    weight: 40,
  },
  // Oversized values, rarely: past 16 KiB Node answers 431 before the sidecar sees them.
  { arbitrary: fc.nat({ max: 20_000 }).map((length) => 'v'.repeat(length)), weight: 1 },
);
const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('secretId', 'versionId', 'versionStage', 'refreshNow', 'key', 'foo', ''),
        encoded(fc.string({ maxLength: 10 })),
      ),
      fc.option(queryValue, { nil: undefined }),
    ),
    { maxLength: 6 },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ''
      : `?${pairs.map(([key, value]) => (value === undefined ? key : `${key}=${value}`)).join('&')}`,
  );

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,30}$/);
const headerValue = fc.oneof(
  {
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
      maxLength: 100,
    }),
    weight: 40,
  },
  // Oversized values, rarely: past 16 KiB in total Node answers 431 (the sidecar's JSON).
  { arbitrary: fc.nat({ max: 20_000 }).map((length) => 'h'.repeat(length)), weight: 1 },
);
const headers = fc.dictionary(
  fc.oneof(
    headerName,
    fc.constantFrom(
      'X-Aws-Parameters-Secrets-Token',
      'X-Vault-Token',
      'Content-Type',
      'Content-Length',
      'Transfer-Encoding',
      'Accept',
      'Host',
      'Connection',
    ),
  ),
  headerValue,
  { maxKeys: 6 },
);

const method = fc.oneof(
  { arbitrary: fc.constant('GET'), weight: 6 },
  {
    arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'),
    weight: 2,
  },
);
const tokenChoice = fc.constantFrom('valid', 'valid', 'valid', 'none', 'wrong');

/** A raw request: a plausible start, then random bytes; the socket is half-closed after. */
const rawRequest = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'BREW', 'G E T', ''),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
      fc.string({ unit: 'binary', maxLength: 300 }),
    )
    .map(([verb, target, version, rest]) =>
      Buffer.from(`${verb} ${target} ${version}\r\n${rest}\r\n\r\n`),
    ),
);

const isBadStatus = (status: number) => status >= 500 && ![502, 503, 504].includes(status);

/**
 * Sends random paths, query strings, headers (oversized too) and methods to a running
 * sidecar over real HTTP, then random bytes over raw sockets. Counts 500s and hangs;
 * every run is made (bounded by `numRuns` and `timeLimitMs`).
 *
 * @example
 * const outcome = await fuzzSidecarHttp(sidecar.url, token, { numRuns: 300, timeLimitMs: 20_000 });
 */
export async function fuzzSidecarHttp(
  url: string,
  validToken: string,
  options: { numRuns: number; timeLimitMs: number; isAlive: () => boolean },
): Promise<HttpFuzzOutcome> {
  const outcome: HttpFuzzOutcome = {
    runs: 0,
    serverErrors: 0,
    hangs: 0,
    rawRuns: 0,
    statuses: {},
    examples: [],
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    await fuzzHttpRequests(url, validToken, options, outcome, agent);
    await fuzzRawSockets(url, options, outcome);
  } finally {
    agent.destroy();
  }
  return outcome;
}

type FuzzOptions = { numRuns: number; timeLimitMs: number; isAlive: () => boolean };

const note = (outcome: HttpFuzzOutcome, text: string) => {
  if (outcome.examples.length < 4) outcome.examples.push(text.slice(0, 300));
};

const CONTROLLED_HEADER =
  /^(x-aws-parameters-secrets-token|x-vault-token|content-length|transfer-encoding|host)$/i;

/** The random headers without those the property sets itself, plus the token chosen. */
function headersToSend(random: Record<string, string>, which: string, validToken: string) {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(random))
    if (!CONTROLLED_HEADER.test(name)) sent[name] = value;
  if (which === 'valid') sent['X-Aws-Parameters-Secrets-Token'] = validToken;
  if (which === 'wrong') sent['X-Vault-Token'] = `${validToken}-wrong`;
  return sent;
}

/** Random methods, paths, query strings and headers over node:http. */
async function fuzzHttpRequests(
  url: string,
  validToken: string,
  options: FuzzOptions,
  outcome: HttpFuzzOutcome,
  agent: Agent,
): Promise<void> {
  await fc.check(
    fc.asyncProperty(method, path, query, headers, tokenChoice, async (verb, p, q, h, which) => {
      if (!options.isAlive()) return true;
      outcome.runs++;
      const sent = headersToSend(h, which, validToken);
      try {
        const answer = await httpGet(`${url}${p}${q}`, {
          method: verb,
          headers: sent,
          agent,
          timeoutMs: 15_000,
        });
        outcome.statuses[answer.status] = (outcome.statuses[answer.status] ?? 0) + 1;
        if (isBadStatus(answer.status)) {
          outcome.serverErrors++;
          const names = Object.keys(sent).join(',');
          note(
            outcome,
            `${verb} ${p}${q} (${names}) -> ${answer.status} ${answer.body.slice(0, 120)}`,
          );
        }
      } catch (error) {
        outcome.statuses.error = (outcome.statuses.error ?? 0) + 1;
        if (error instanceof HangError) {
          outcome.hangs++;
          note(outcome, `${verb} ${p}${q} -> no answer within 15 s`);
        }
        // Other socket errors: the client refused to send it or the server closed
        // an oversized request (431 / connection close), both fine.
      }
      return true;
    }),
    { numRuns: options.numRuns, interruptAfterTimeLimit: options.timeLimitMs },
  );
}

/** Random bytes over raw sockets: every one must get an answer or a close, never a 500. */
async function fuzzRawSockets(
  url: string,
  options: FuzzOptions,
  outcome: HttpFuzzOutcome,
): Promise<void> {
  await fc.check(
    fc.asyncProperty(rawRequest, async (bytes) => {
      if (!options.isAlive()) return true;
      outcome.rawRuns++;
      const result = await sendRaw(url, bytes, 10_000);
      const shown = JSON.stringify(bytes.toString('latin1').slice(0, 80));
      if (result === 'hang') {
        outcome.hangs++;
        note(outcome, `raw ${shown} -> no close within 10 s`);
      } else if (result !== undefined && isBadStatus(result)) {
        outcome.serverErrors++;
        note(outcome, `raw ${shown} -> ${result}`);
      }
      return true;
    }),
    {
      numRuns: Math.max(50, Math.floor(options.numRuns / 3)),
      interruptAfterTimeLimit: options.timeLimitMs,
    },
  );
}

/** Writes bytes, half-closes, and reads the status of the first response (if any). */
function sendRaw(
  url: string,
  bytes: Buffer,
  timeoutMs: number,
): Promise<number | 'hang' | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('hang');
    }, timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve(match ? Number(match[1]) : undefined);
    });
  });
}
