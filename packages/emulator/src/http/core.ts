import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallCounters, FaultTable } from '../control/faults.js';
import type { Scenario } from '../scenario/schema.js';
import type { CallContext } from '../services/context.js';
import { ImdsService } from '../services/imds.js';
import type { JsonHandler } from '../services/json-handler.js';
import { KMS_ACTIONS } from '../services/kms/index.js';
import { SECRETS_MANAGER_ACTIONS } from '../services/secretsmanager/index.js';
import { SSM_ACTIONS } from '../services/ssm/index.js';
import { STS_ACTIONS } from '../services/sts.js';
import { authenticate } from '../sigv4/authenticate.js';
import type { ReceivedRequest } from '../sigv4/recompute.js';
import { newRequestId } from '../state/ids.js';
import { World } from '../state/world.js';
import { type Endpoint, resolveEndpoint, type ServiceName } from './endpoint.js';
import { readBody } from './read-body.js';
import { AwsWireError, authError, type WireProtocol } from './wire-error.js';
import { stsError, stsResponse } from './xml.js';

const JSON_TARGETS: Record<string, { service: ServiceName; actions: Record<string, JsonHandler> }> =
  {
    secretsmanager: { service: 'secretsmanager', actions: SECRETS_MANAGER_ACTIONS },
    TrentService: { service: 'kms', actions: KMS_ACTIONS },
    AmazonSSM: { service: 'ssm', actions: SSM_ACTIONS },
  };

/** The JSON actions of each JSON service, by service. */
const JSON_ACTIONS: Partial<Record<ServiceName, Record<string, JsonHandler>>> = Object.fromEntries(
  Object.values(JSON_TARGETS).map(({ service, actions }) => [service, actions]),
);

const INTERNAL_ERROR_CODE: Record<ServiceName, string> = {
  secretsmanager: 'InternalServiceError',
  kms: 'KMSInternalException',
  sts: 'InternalFailure',
  ssm: 'InternalServerError',
};

/** One request as routed: which service and action, in which protocol. */
interface Routed {
  service: ServiceName;
  protocol: WireProtocol;
  operation: string;
  params: Record<string, unknown>;
}

/** One refusal explained: AWS's code, the request id, and why in the emulator's words. */
export interface ExplanationEntry {
  requestId: string;
  code: string;
  explanation: string;
}

/** Receives each explanation the emulator sends in `x-emulator-explanation`. */
export type ExplanationLog = (entry: ExplanationEntry) => void;

/** The response header that carries the emulator's explanation of an error. */
export const EXPLANATION_HEADER = 'x-emulator-explanation';

/** Handles control requests; installed by the server. */
export type ControlHandler = (
  request: IncomingMessage,
  body: Buffer,
  path: string,
) => Promise<{ status: number; body: unknown }>;

/**
 * The request pipeline: endpoint by Host header, faults and counters, SigV4 check, the
 * action, and AWS's response shape for the protocol.
 */
export class EmulatorCore {
  world: World;
  imds: ImdsService;
  readonly faults = new FaultTable();
  readonly counters = new CallCounters();
  control: ControlHandler | undefined;
  /** Where the explanations of refusals go (the emulator's log); none by default. */
  log: ExplanationLog | undefined;

  constructor(scenario: Scenario) {
    this.world = new World(scenario);
    this.imds = new ImdsService(this.world);
  }

  /** Replaces the whole state with a freshly loaded scenario. */
  load(scenario: Scenario): void {
    this.world = new World(scenario);
    this.imds = new ImdsService(this.world);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const url = new URL(request.url ?? '/', 'http://emulator');
    const endpoint = resolveEndpoint(request.headers.host);
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      response.writeHead(413).end();
      return;
    }
    if (
      endpoint.kind === 'local' &&
      (await this.#handleLocal(request, response, url, body, requestId))
    )
      return;
    const routed = route(endpoint, request, url, body);
    if (routed instanceof AwsWireError) {
      sendError(response, routed, 'json', requestId);
      return;
    }
    const action = `${routed.service}:${routed.operation}`;
    this.counters.increment(action);
    const fault = this.faults.decide(action);
    if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.outcome === 'reset') {
      request.socket.destroy();
      return;
    }
    const injected = faultError(fault.outcome, routed);
    if (injected) return sendError(response, injected, routed.protocol, requestId);
    try {
      const answer = await this.#perform(request, url, body, endpoint, routed, requestId);
      send(response, 200, answer.contentType, answer.body, requestId);
    } catch (error) {
      if (error instanceof AwsWireError) {
        if (error.explanation) {
          this.log?.({ requestId, code: error.code, explanation: error.explanation });
        }
        sendError(response, error, routed.protocol, requestId);
        return;
      }
      const internal = new AwsWireError(
        INTERNAL_ERROR_CODE[routed.service],
        `The emulator failed while handling ${action}: ${(error as Error).message}`,
        500,
      );
      sendError(response, internal, routed.protocol, requestId);
    }
  }

  /** The control API and instance metadata on the emulator's own address; false for neither. */
  async #handleLocal(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    body: Buffer,
    requestId: string,
  ): Promise<boolean> {
    if (url.pathname.startsWith('/_emulator/') && this.control) {
      const result = await this.control(request, body, url.pathname);
      send(response, result.status, 'application/json', JSON.stringify(result.body), requestId);
      return true;
    }
    if (url.pathname.startsWith('/latest')) {
      this.counters.increment(`imds:${request.method} ${url.pathname}`);
      const answer = this.imds.handle(request.method ?? 'GET', url.pathname, request.headers);
      response.writeHead(answer.status, {
        'content-type': answer.contentType ?? 'text/plain',
        ...answer.headers,
      });
      response.end(answer.body);
      return true;
    }
    return false;
  }

  /** Authenticates the request and runs its action: the body and content type of a 200. */
  async #perform(
    request: IncomingMessage,
    url: URL,
    body: Buffer,
    endpoint: Endpoint,
    routed: Routed,
    requestId: string,
  ): Promise<{ contentType: string; body: string }> {
    const received: ReceivedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: queryOf(url),
      headers: flatHeaders(request),
      body,
    };
    const world = this.world;
    const { credential, region } = await authenticate(
      received,
      endpoint,
      routed.service,
      routed.protocol,
      world.identities,
    );
    const ctx: CallContext = {
      world,
      caller: credential,
      region,
      protocol: routed.protocol,
      requestId,
    };
    if (routed.protocol === 'query') {
      const result = STS_ACTIONS[routed.operation]!(ctx, routed.params as Record<string, string>);
      return { contentType: 'text/xml', body: stsResponse(routed.operation, result, requestId) };
    }
    const result = await JSON_ACTIONS[routed.service]![routed.operation]!(ctx, routed.params);
    return { contentType: 'application/x-amz-json-1.1', body: JSON.stringify(result ?? {}) };
  }
}

/** The AWS error an injected fault answers with; undefined when the call goes through. */
function faultError(
  outcome: ReturnType<FaultTable['decide']>['outcome'],
  routed: Routed,
): AwsWireError | undefined {
  switch (outcome) {
    case 'outage':
      return new AwsWireError(
        'ServiceUnavailable',
        'Service is unavailable (emulated outage).',
        503,
      );
    case 'throttle':
      return authError('throttled', routed.protocol, 'Rate exceeded');
    case 'internal':
      return new AwsWireError(
        INTERNAL_ERROR_CODE[routed.service],
        'An error occurred on the server side (emulated fault).',
        500,
      );
    default:
      return undefined;
  }
}

function route(
  endpoint: Endpoint,
  request: IncomingMessage,
  url: URL,
  body: Buffer,
): Routed | AwsWireError {
  if (endpoint.kind === 'unknown-aws') {
    return new AwsWireError(
      'UnknownEndpoint',
      `The emulator does not serve ${endpoint.host}; it serves sts, secretsmanager, kms and ssm hostnames and its own address.`,
      404,
    );
  }
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix, operation] = target.split('.', 2) as [string, string | undefined];
    const known = JSON_TARGETS[prefix];
    if (!known || (endpoint.kind === 'aws' && endpoint.service !== known.service)) {
      return new AwsWireError(
        'UnknownOperationException',
        `Unknown target ${target} for this endpoint.`,
        400,
      );
    }
    if (!operation || !Object.hasOwn(known.actions, operation)) {
      return new AwsWireError(
        'UnknownOperationException',
        `The emulator does not implement ${target}.`,
        400,
      );
    }
    let params: Record<string, unknown> = {};
    try {
      params =
        body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return new AwsWireError('SerializationException', 'The request body is not valid JSON.', 400);
    }
    return { service: known.service, protocol: 'json', operation, params };
  }
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const contentType = String(request.headers['content-type'] ?? '');
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  if (params.Action !== undefined && (endpoint.kind === 'local' || endpoint.service === 'sts')) {
    if (!Object.hasOwn(STS_ACTIONS, params.Action)) {
      return new AwsWireError(
        'InvalidAction',
        `Could not find operation ${params.Action} for version 2011-06-15`,
        400,
      );
    }
    return { service: 'sts', protocol: 'query', operation: params.Action, params };
  }
  return new AwsWireError(
    'UnknownOperationException',
    'The request names no action: expected an X-Amz-Target header (JSON services) or an Action parameter (STS).',
    400,
  );
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId: string,
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}

function sendError(
  response: ServerResponse,
  error: AwsWireError,
  protocol: WireProtocol,
  requestId: string,
): void {
  if (error.explanation) response.setHeader(EXPLANATION_HEADER, headerSafe(error.explanation));
  if (protocol === 'query') {
    send(
      response,
      error.status,
      'text/xml',
      stsError(error.code, error.message, requestId, error.status),
      requestId,
    );
    return;
  }
  response.setHeader('x-amzn-errortype', error.code);
  send(
    response,
    error.status,
    'application/x-amz-json-1.1',
    // An error AWS sends without words (KMS's InvalidCiphertextException) has no message field.
    JSON.stringify(
      error.message === ''
        ? { __type: error.code }
        : { __type: error.code, message: error.message },
    ),
    requestId,
  );
}

/** Printable ASCII on one line, as an HTTP header value must be. */
const headerSafe = (text: string): string =>
  text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 4000);
