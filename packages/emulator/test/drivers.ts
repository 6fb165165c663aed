import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import * as kms from '@aws-sdk/client-kms';
import * as sm from '@aws-sdk/client-secrets-manager';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { expect } from 'vitest';

const run = promisify(execFile);

/** Credentials a driver signs with. */
export interface DriverCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An AWS error as a driver reports it. */
export class DriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The AWS CLI's printed line (`An error occurred (Code) when calling the Op operation: Message`); undefined for the SDK. */
    readonly printed?: string,
  ) {
    super(message);
  }
}

/**
 * Asserts an AWS error as a driver reported it: its code and AWS's exact message and, for
 * the AWS CLI, the whole line the CLI printed, with the operation's name. An empty message
 * is AWS sending none: the CLI prints nothing after the colon and the SDK v3 says
 * "UnknownError" (its default when a body has no message).
 */
export function expectAwsError(
  error: DriverError,
  expected: { code: string; operation: string; message: string },
): void {
  const { code, operation, message } = expected;
  const shown = error.printed === undefined && message === '' ? 'UnknownError' : message;
  expect({ code: error.code, message: error.message }).toEqual({ code, message: shown });
  if (error.printed === undefined) return;
  const line = `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
  // The driver turns retries off, so botocore adds " (reached max retries: 0)" after the
  // operation's name; that part is the CLI's, not AWS's answer.
  const printed = error.printed.replace(/ operation \(reached max retries: \d+\):/, ' operation:');
  expect(printed.trimEnd()).toBe(line.trimEnd());
}

/** The services the drivers call. */
export type DriverService = 'secretsmanager' | 'kms' | 'sts' | 'ssm';

/**
 * Calls one AWS operation with plain JSON input and output; blobs are base64 strings and
 * timestamps are left out of comparisons. Implemented by the SDK v3 and by the AWS CLI so
 * one suite drives both with only the endpoint changed.
 */
export interface Driver {
  name: string;
  call(
    service: DriverService,
    operation: string,
    input: Record<string, unknown>,
    options: { endpoint: string; region: string; credentials: DriverCredentials },
  ): Promise<Record<string, unknown>>;
}

const BLOB_FIELDS = ['SecretBinary', 'Plaintext', 'CiphertextBlob'];

const SDK_MODULES = { secretsmanager: sm, kms, sts, ssm } as unknown as Record<
  string,
  Record<string, unknown>
>;
const SDK_CLIENTS = {
  secretsmanager: sm.SecretsManagerClient,
  kms: kms.KMSClient,
  sts: sts.STSClient,
  ssm: ssm.SSMClient,
} as const;

function blobsToBytes(input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  for (const field of BLOB_FIELDS) {
    if (typeof out[field] === 'string') out[field] = Buffer.from(out[field] as string, 'base64');
  }
  return out;
}

function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '$metadata')
        .map(([key, v]) => [key, normalize(v)]),
    );
  }
  return value;
}

/** The AWS SDK for JavaScript v3, with `endpoint` set to the emulator. */
export const sdkDriver: Driver = {
  name: 'AWS SDK v3',
  async call(service, operation, input, { endpoint, region, credentials }) {
    const Client = SDK_CLIENTS[service] as unknown as new (
      config: object,
    ) => {
      send(command: unknown): Promise<unknown>;
    };
    const Command = SDK_MODULES[service]![`${operation}Command`] as new (input: object) => unknown;
    const client = new Client({ endpoint, region, credentials, maxAttempts: 1 });
    try {
      return normalize(await client.send(new Command(blobsToBytes(input)))) as Record<
        string,
        unknown
      >;
    } catch (error) {
      const e = error as { name: string; message: string };
      throw new DriverError(e.name, e.message);
    }
  },
};

export const AWS_CLI = '/usr/bin/aws';

const kebab = (operation: string) => operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Debian's AWS CLI (`/usr/bin/aws`) with `--endpoint-url` set to the emulator. */
export const cliDriver: Driver = {
  name: 'AWS CLI',
  async call(service, operation, input, { endpoint, region, credentials }) {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
      AWS_RETRY_MODE: 'standard',
    };
    if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
    const args = [
      service,
      kebab(operation),
      '--endpoint-url',
      endpoint,
      '--region',
      region,
      '--output',
      'json',
      '--cli-input-json',
      JSON.stringify(input),
    ];
    try {
      const { stdout } = await run(AWS_CLI, args, { env, timeout: 30_000 });
      return (stdout.trim() ? JSON.parse(stdout) : {}) as Record<string, unknown>;
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? error);
      const match =
        /An error occurred \(([^)]+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)/s.exec(
          stderr,
        );
      const printed = /An error occurred \([^)]+\) when calling the .*/s.exec(stderr)?.[0].trim();
      if (match) throw new DriverError(match[1]!, match[2]!.trim(), printed);
      throw new Error(
        `aws ${service} ${kebab(operation)} failed without an AWS error: ${JSON.stringify({ code: (error as { code?: unknown }).code, stdout: (error as { stdout?: string }).stdout, stderr })}`,
      );
    }
  },
};

/**
 * Whether the AWS CLI tests can run; under CI its absence is a failure, not a skip. The same
 * rule as @vaultline/test-utils' awsCliAvailability, which the emulator cannot import (see
 * helpers.ts).
 */
export function cliAvailability(): { available: boolean; reason?: string } {
  if (existsSync(AWS_CLI)) return { available: true };
  if (process.env.CI) {
    throw new Error(
      `${AWS_CLI} is missing but CI is set: install the apt package awscli (.ci/run does).`,
    );
  }
  return {
    available: false,
    reason: `${AWS_CLI} is not installed (apt package awscli)`,
  };
}
