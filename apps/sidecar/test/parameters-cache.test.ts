import { describe, expect, it } from 'vitest';
import { startStack, TOKEN } from './stack.js';

// The Lambda extension's cache variables, from AWS's page "Using Parameter Store parameters
// in AWS Lambda functions", table "AWS Parameters and Secrets Lambda Extension environment
// variables" (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html):
// SSM_PARAMETER_STORE_TTL "A value of 0 (zero) indicates that the cache should be bypassed";
// PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED "Determines whether the cache for the extension
// is enabled". Each stack counts its calls to AWS in /metrics.

const HEADER = { 'X-Aws-Parameters-Secrets-Token': TOKEN };
const PARAMETER = '/systemsmanager/parameters/get?name=%2Fapp%2Fdb%2Fhost';
const SECRET = '/secretsmanager/get?secretId=prod/app1/token';

/** The calls to AWS for parameters and for secrets, from /metrics. */
async function callsTo(get: (path: string) => Promise<Response>) {
  const text = await (await get('/metrics')).text();
  const sum = (actions: string[]) =>
    text
      .split('\n')
      .filter((line) =>
        actions.some((action) =>
          line.startsWith(`vaultline_sidecar_upstream_calls_total{action="${action}",`),
        ),
      )
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return {
    parameters: sum(['GetParameters', 'GetParameter']),
    secrets: sum(['GetSecretValue', 'BatchGetSecretValue', 'DescribeSecret']),
  };
}

async function readTwice(env: NodeJS.ProcessEnv) {
  await using stack = await startStack({ env: { AWS_TOKEN: TOKEN, ...env } });
  for (const path of [PARAMETER, PARAMETER, SECRET, SECRET]) {
    expect((await stack.get(path, HEADER)).status).toBe(200);
  }
  // Awaited here: the stack closes when this function returns.
  return await callsTo((path) => stack.get(path));
}

describe("the Lambda extension's cache variables", () => {
  it('caches parameters and secrets by default: one call each for two reads', async () => {
    expect(await readTwice({})).toEqual({ parameters: 1, secrets: 1 });
  });

  it('SSM_PARAMETER_STORE_TTL=0 bypasses the cache for parameters only', async () => {
    expect(await readTwice({ SSM_PARAMETER_STORE_TTL: '0' })).toEqual({
      parameters: 2,
      secrets: 1,
    });
  });

  it('PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED=FALSE asks AWS on every request', async () => {
    const calls = await readTwice({ PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'FALSE' });
    expect(calls.parameters).toBe(2);
    expect(calls.secrets).toBe(2);
  });
});
