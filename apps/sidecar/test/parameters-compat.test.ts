import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARIES, leaksIn, PLAIN_PARAMETERS, type Stack, startStack, TOKEN } from './stack.js';

// Written from AWS's documentation of the Parameters and Secrets Lambda Extension; each test
// names the page and section it comes from:
// [PS]  https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html
//       ("Implementation details", "Sample commands for Parameter Store")
// [API] https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
//       (the response elements the route answers)
// The stack (emulator + sidecar, the real resolver over HTTP with SigV4) is set up with
// vaultline code; every request below is what a function written for the extension sends.

const HEADER = 'X-Aws-Parameters-Secrets-Token';
const SCOPED_TOKEN = 'scoped-parameters-token-4e8b1c7a9d2f6035';
const SECRETS_TOKEN = 'scoped-secrets-token-9b3e7f1a5c2d8046';

interface ExtensionParameter {
  ARN: string;
  DataType: string | null;
  LastModifiedDate: string | null;
  Name: string;
  Selector: string | null;
  SourceResult: string | null;
  Type: string;
  Value: string;
  Version: number;
}

/** GET the extension's route with the query as a Lambda function would write it. */
function getParameter(
  stack: Stack,
  query: string,
  headers: Record<string, string> = { [HEADER]: TOKEN },
  path = '/systemsmanager/parameters/get',
): Promise<Response> {
  return fetch(`${stack.url}${path}?${query}`, { headers });
}

async function parameterOf(response: Response): Promise<ExtensionParameter> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { Parameter: ExtensionParameter };
  return body.Parameter;
}

const enc = encodeURIComponent;

describe('compatibility with the Parameters and Secrets Lambda Extension: parameters', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      settings: {
        tokens: [
          { token: SCOPED_TOKEN, name: 'db-only', parameters: ['/app/db/'] },
          { token: SECRETS_TOKEN, name: 'app1-secrets', secrets: ['prod/app1/'] },
        ],
      },
    });
  });
  afterAll(() => stack?.close());

  // [PS] "Example": a request with the name percent-encoded and the token header.
  // [API] Response elements: Parameter (ARN, DataType, LastModifiedDate, Name, Selector,
  // SourceResult, Type, Value, Version); the extension adds the Go SDK's ResultMetadata.
  it("answers GetParameter's JSON for a String parameter", async () => {
    const response = await getParameter(stack, `name=${enc('/app/db/host')}`);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['Parameter', 'ResultMetadata']);
    expect(body.ResultMetadata).toEqual({});
    const parameter = body.Parameter as ExtensionParameter;
    expect(Object.keys(parameter)).toEqual([
      'ARN',
      'DataType',
      'LastModifiedDate',
      'Name',
      'Selector',
      'SourceResult',
      'Type',
      'Value',
      'Version',
    ]);
    expect(parameter).toMatchObject({
      ARN: 'arn:aws:ssm:us-east-2:111111111111:parameter/app/db/host',
      DataType: 'text',
      Name: '/app/db/host',
      Selector: null,
      SourceResult: null,
      Type: 'String',
      Value: PLAIN_PARAMETERS.host,
      Version: 2,
    });
    // RFC 3339 in UTC, as the extension writes times.
    expect(parameter.LastModifiedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  // [PS] "Localhost port": the page's Python example writes .../parameters/get/?name=...
  it('serves the route with a trailing slash too', async () => {
    const parameter = await parameterOf(
      await getParameter(
        stack,
        `name=${enc('/app/db/host')}`,
        undefined,
        '/systemsmanager/parameters/get/',
      ),
    );
    expect(parameter.Value).toBe(PLAIN_PARAMETERS.host);
  });

  // [PS] "GET ...?name=MyParameter&withDecryption=true"; "You can specify that parameters
  // aren't decrypted by omitting withDecryption or explicitly setting it to false."
  it('decrypts a SecureString only with withDecryption=true', async () => {
    const name = enc('/app/db/password');
    const decrypted = await parameterOf(
      await getParameter(stack, `name=${name}&withDecryption=true`),
    );
    expect(decrypted).toMatchObject({ Type: 'SecureString', Value: CANARIES.ssmPassword });
    for (const query of [`name=${name}`, `name=${name}&withDecryption=false`]) {
      const encrypted = await parameterOf(await getParameter(stack, query));
      expect(encrypted.Type).toBe('SecureString');
      expect(encrypted.Value).not.toContain(CANARIES.ssmPassword);
      expect(encrypted.Value.length).toBeGreaterThan(0);
    }
  });

  // [PS] "version and label are the selectors available for use with the GetParameter
  // action": ?name=MyParameter&version=5, ?name=...&label=release.
  it('reads a version by number and by label, reporting the Selector', async () => {
    const host = enc('/app/db/host');
    const byVersion = await parameterOf(await getParameter(stack, `name=${host}&version=1`));
    expect(byVersion).toMatchObject({
      Value: PLAIN_PARAMETERS.oldHost,
      Version: 1,
      Selector: ':1',
    });
    const byLabel = await parameterOf(await getParameter(stack, `name=${host}&label=blue`));
    expect(byLabel).toMatchObject({
      Value: PLAIN_PARAMETERS.oldHost,
      Version: 1,
      Selector: ':blue',
    });
    const old = await parameterOf(
      await getParameter(stack, `name=${enc('/app/db/password')}&version=1&withDecryption=true`),
    );
    expect(old.Value).toBe(CANARIES.ssmPasswordOld);
  });

  // [PS] "You can also specify either a version or a label, but not both. If you do, only
  // the first of these that is placed after question mark (?) in the URL is used."
  it('uses the first of version and label when both are given', async () => {
    const host = enc('/app/db/host');
    const versionFirst = await parameterOf(
      await getParameter(stack, `name=${host}&version=2&label=blue`),
    );
    expect(versionFirst).toMatchObject({ Version: 2, Selector: ':2' });
    const labelFirst = await parameterOf(
      await getParameter(stack, `name=${host}&label=blue&version=2`),
    );
    expect(labelFirst).toMatchObject({ Version: 1, Selector: ':blue' });
  });

  // [PS] "To make a call using the Amazon Resource Name (ARN) for a parameter".
  it('reads a parameter by its ARN', async () => {
    const arn = 'arn:aws:ssm:us-east-2:111111111111:parameter/app/db/host';
    const parameter = await parameterOf(await getParameter(stack, `name=${arn}`));
    expect(parameter).toMatchObject({ Name: '/app/db/host', Value: PLAIN_PARAMETERS.host });
  });

  // [API] "Value: ... StringList ... comma-separated".
  it('answers a StringList as its comma-separated text', async () => {
    const parameter = await parameterOf(await getParameter(stack, `name=${enc('/app/regions')}`));
    expect(parameter).toMatchObject({ Type: 'StringList', Value: PLAIN_PARAMETERS.regions });
  });

  // [PS] "Header requirement": "the header of your GET request must include an
  // X-Aws-Parameters-Secrets-Token reference". The page gives no status for a request
  // without it; the sidecar refuses it as for the secrets routes (403 "Bad Token").
  it('refuses a request without the token header, or with a wrong token', async () => {
    const query = `name=${enc('/app/db/host')}`;
    const refused: Record<string, string>[] = [
      {},
      { [HEADER]: 'wrong-token-7a1c9e3b5d2f4068b1e3' },
    ];
    for (const headers of refused) {
      const response = await getParameter(stack, query, headers);
      expect(response.status).toBe(403);
      expect(await response.text()).toBe('Bad Token');
    }
  });

  it('refuses a request without a name (400, saying what to send)', async () => {
    const response = await getParameter(stack, 'version=1');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('missing parameter name');
  });

  // [API] Errors: ParameterNotFound, ParameterVersionNotFound (HTTP 400), and the common
  // AccessDeniedException; the sidecar answers AWS's __type with status 400.
  it.each([
    ['an unknown parameter', `name=${enc('/app/nope')}`, 'ParameterNotFound'],
    ['an unknown version', `name=${enc('/app/db/host')}&version=9`, 'ParameterVersionNotFound'],
    ['an unknown label', `name=${enc('/app/db/host')}&label=green`, 'ParameterVersionNotFound'],
    ['a parameter the role may not read', `name=${enc('/denied/flag')}`, 'AccessDeniedException'],
  ])("answers %s with AWS's error", async (_what, query, type) => {
    const response = await getParameter(stack, query);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe(type);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe(type);
    expect(body.message).not.toContain('not-for-the-sidecar');
  });

  it("refuses a parameter outside the token's parameter prefixes (403), before any call", async () => {
    const inside = await getParameter(stack, `name=${enc('/app/db/host')}`, {
      [HEADER]: SCOPED_TOKEN,
    });
    expect(inside.status).toBe(200);
    for (const name of [
      '/app/regions',
      'arn:aws:ssm:us-east-2:111111111111:parameter/app/regions',
    ]) {
      const outside = await getParameter(stack, `name=${enc(name)}`, { [HEADER]: SCOPED_TOKEN });
      expect(outside.status).toBe(403);
      expect(((await outside.json()) as { __type: string }).__type).toBe('AccessDeniedException');
    }
  });

  // [PS] "To make an HTTP GET call to a Secrets Manager secret by using Parameter Store
  // references": ?name=%2Faws%2Freference%2Fsecretsmanager%2F…, with withDecryption=true
  // (Parameter Store refuses the reference without it).
  it("reads a secret through /aws/reference/secretsmanager/, allowed by the token's secrets", async () => {
    const reference = `name=${enc('/aws/reference/secretsmanager/prod/app1/token')}`;
    const parameter = await parameterOf(
      await getParameter(stack, `${reference}&withDecryption=true`),
    );
    expect(parameter).toMatchObject({
      Name: '/aws/reference/secretsmanager/prod/app1/token',
      Type: 'SecureString',
      Value: CANARIES.app1,
    });
    expect(parameter.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-2:111111111111:secret:prod\/app1\/token-/,
    );
    const bySecrets = await getParameter(stack, `${reference}&withDecryption=true`, {
      [HEADER]: SECRETS_TOKEN,
    });
    expect(bySecrets.status).toBe(200);
    // A token's parameter prefixes do not open secrets.
    const byParameters = await getParameter(stack, `${reference}&withDecryption=true`, {
      [HEADER]: SCOPED_TOKEN,
    });
    expect(byParameters.status).toBe(403);
    const undecrypted = await getParameter(stack, reference);
    expect(undecrypted.status).toBe(400);
    expect(((await undecrypted.json()) as { __type: string }).__type).toBe('ValidationException');
  });

  it('logs and metrics carry no parameter value; requests are counted under route="parameter"', async () => {
    const metrics = await (await stack.get('/metrics')).text();
    expect(metrics).toMatch(
      /vaultline_sidecar_requests_total\{route="parameter",status="200"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /vaultline_sidecar_upstream_calls_total\{action="GetParameters?",outcome="ok"\} [1-9]/,
    );
    expect(metrics).not.toMatch(/\/app\/|canary|db\.internal|db-blue/);
    expect(leaksIn(stack.logs, [TOKEN, SCOPED_TOKEN, SECRETS_TOKEN])).toEqual([]);
    const logs = stack.logs.text();
    for (const value of Object.values(PLAIN_PARAMETERS)) expect(logs).not.toContain(value);
  });
});

/** The sum of one upstream action's calls in a /metrics text. */
function upstreamCalls(metrics: string, action: string): number {
  const prefix = `vaultline_sidecar_upstream_calls_total{action="${action}",`;
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('a connection mixing parameters (String, StringList, SecureString) and a secret', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      connections: {
        orders: {
          host: { parameter: '/app/db/host' },
          password: { parameter: '/app/db/password' },
          token: { secret: 'prod/app1/token' },
          regions: { parameter: '/app/regions', as: 'list' },
          // vaultline's interpolation syntax, not a JavaScript template.
          // biome-ignore lint/suspicious/noTemplateCurlyInString: config syntax under test
          url: 'postgres://${ssm:/app/db/host}:5432/orders',
        },
      },
    } as Parameters<typeof startStack>[0]);
  });
  afterAll(() => stack?.close());

  it('resolves cold with at most one GetParameters and one Secrets Manager call', async () => {
    await stack.emu.control.resetCounters();
    const response = await stack.get('/v1/connections/orders');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { values: Record<string, unknown>; stale: boolean };
    expect(body).toMatchObject({
      stale: false,
      values: {
        host: PLAIN_PARAMETERS.host,
        password: CANARIES.ssmPassword,
        token: CANARIES.app1,
        url: `postgres://${PLAIN_PARAMETERS.host}:5432/orders`,
        // A StringList referenced as a list is a JSON array.
        regions: PLAIN_PARAMETERS.regions.split(','),
      },
    });
    const metrics = await (await stack.get('/metrics')).text();
    expect(upstreamCalls(metrics, 'GetParameters') + upstreamCalls(metrics, 'GetParameter')).toBe(
      1,
    );
    expect(
      upstreamCalls(metrics, 'BatchGetSecretValue') + upstreamCalls(metrics, 'GetSecretValue'),
    ).toBe(1);
    // Counted where the calls arrive too, so SDK retries inside one call would show.
    const counters = await stack.emu.control.counters();
    const calls = (...actions: string[]) =>
      actions.reduce((sum, action) => sum + (counters[action] ?? 0), 0);
    expect(calls('ssm:GetParameters', 'ssm:GetParameter')).toBe(1);
    expect(calls('secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue')).toBe(1);
    expect(metrics).not.toContain('canary');
    expect(leaksIn(stack.logs)).toEqual([]);
  });
});
