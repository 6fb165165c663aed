/**
 * `vault.endpoint` overrides the Secrets Manager endpoint. The Parameter Store client shares it
 * only when it can serve SSM too (an emulator, a proxy); a Secrets Manager FIPS or VPC endpoint
 * would answer no parameter read, so SSM keeps the SDK's own endpoint resolution. The request
 * handler here records where each request would go and answers nothing: the point is the host
 * the client picked, before any network.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { HttpRequest } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { servesParameterStore } from '../src/client.js';
import { createSecretsManagerClient, createSsmClient } from '../src/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const credentials = {
  accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'not-a-real-key-canary-7d41',
};

/** A request handler that records the URL of each request and fails it (nothing is sent). */
function recordingHandler() {
  const urls: string[] = [];
  const handler = {
    async handle(request: HttpRequest): Promise<never> {
      urls.push(
        `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`,
      );
      throw new Error('recorded, not sent');
    },
  };
  return { urls, handler };
}

/** Where the SSM client of a vault with `endpoint` sends a GetParameter. */
async function ssmUrlFor(endpoint: string | undefined): Promise<string> {
  const { urls, handler } = recordingHandler();
  const client = createSsmClient(
    { region: 'us-east-1', endpoint },
    { credentials, requestHandler: handler as never, maxAttempts: 1 },
  );
  await expect(client.send(new GetParameterCommand({ Name: '/app/db' }))).rejects.toThrow();
  return urls[0]!;
}

describe('the Parameter Store client and vault.endpoint', () => {
  it.each([
    'https://secretsmanager-fips.us-east-1.amazonaws.com',
    'https://vpce-0a1b2c3d-e4f5.secretsmanager.us-east-1.vpce.amazonaws.com',
    'https://secretsmanager.us-east-1.amazonaws.com',
  ])(
    'sends parameter reads to the regional SSM host, not to the Secrets Manager endpoint %s',
    async (endpoint) => {
      expect(await ssmUrlFor(endpoint)).toBe('https://ssm.us-east-1.amazonaws.com');
    },
  );

  it('keeps the Secrets Manager endpoint for the Secrets Manager client', async () => {
    const { urls, handler } = recordingHandler();
    const client = createSecretsManagerClient(
      { region: 'us-east-1', endpoint: 'https://secretsmanager-fips.us-east-1.amazonaws.com' },
      { credentials, requestHandler: handler as never, maxAttempts: 1 },
    );
    await expect(client.send(new GetSecretValueCommand({ SecretId: 's' }))).rejects.toThrow();
    expect(urls).toEqual(['https://secretsmanager-fips.us-east-1.amazonaws.com']);
  });

  it.each(['http://127.0.0.1:4566', 'http://localhost:4566', 'https://aws-proxy.corp.example'])(
    'shares an endpoint that serves every service (%s)',
    async (endpoint) => {
      expect(await ssmUrlFor(endpoint)).toBe(endpoint);
    },
  );

  it('honours AWS_ENDPOINT_URL_SSM when the vault endpoint is a Secrets Manager one', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', 'https://ssm-proxy.corp.example');
    expect(await ssmUrlFor('https://secretsmanager-fips.us-east-1.amazonaws.com')).toBe(
      'https://ssm-proxy.corp.example',
    );
  });

  it('uses the regional SSM host when no endpoint is set', async () => {
    expect(await ssmUrlFor(undefined)).toBe('https://ssm.us-east-1.amazonaws.com');
  });
});

describe('servesParameterStore', () => {
  it('is false for a Secrets Manager host, whatever its case, and for no endpoint', () => {
    expect(servesParameterStore('https://SecretsManager.eu-west-1.amazonaws.com')).toBe(false);
    expect(servesParameterStore(undefined)).toBe(false);
  });
});
