import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { type AuthVaultInput, createAuthStrategy } from '@vaultline/auth';
import { readNonJsonErrors } from './non-json-errors.js';
import type { ResolverOptions } from './options.js';

/** Options of `createSecretsManagerClient`. */
export type SecretsManagerClientOptions = Pick<
  ResolverOptions,
  'requestHandler' | 'credentials' | 'requestTimeoutMs' | 'maxAttempts' | 'maxSockets'
> & {
  /** Time to open a connection before the attempt fails. Default 1000 ms. */
  connectionTimeoutMs?: number;
};

/** The vault properties the client needs; a parsed `VaultConfig` fits. */
export type ClientVault = { region: string; endpoint?: string | undefined } & (
  | AuthVaultInput
  | { authType?: undefined }
);

const DEFAULT_REQUEST_TIMEOUT_MS = 3000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 1000;
const DEFAULT_MAX_ATTEMPTS = 3;

/** Options of `createSsmClient`: the same as the Secrets Manager client's. */
export type SsmClientOptions = SecretsManagerClientOptions;

/** Agent options that cap the client's connections to AWS; none when no cap is asked. */
const agentsOf = (maxSockets: number | undefined) =>
  maxSockets === undefined
    ? {}
    : { httpAgent: { keepAlive: true, maxSockets }, httpsAgent: { keepAlive: true, maxSockets } };

/**
 * What every client of the resolver is built with: the vault's region and endpoint override
 * (which `createSsmClient` drops for a Secrets Manager host), credentials from
 * the vault's auth strategy (or `options.credentials`), the SDK's standard retry strategy
 * (backoff, jitter, retry quota) and HTTP timeouts on the request handler. Retries and
 * timeouts are the SDK's, not a loop of ours.
 */
function clientSettings(vault: ClientVault, options: SecretsManagerClientOptions) {
  const credentials = options.credentials ?? credentialsOf(vault, options);
  const requestHandler =
    options.requestHandler ??
    new NodeHttpHandler({
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      // Fail the attempt (a TimeoutError the retry strategy sees) instead of only warning.
      throwOnRequestTimeout: true,
      ...agentsOf(options.maxSockets),
    });
  return {
    region: vault.region,
    ...(vault.endpoint ? { endpoint: vault.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    requestHandler,
    retryStrategy: new StandardRetryStrategy(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
  };
}

/**
 * The credentials of the vault's auth strategy; undefined for the SDK's default chain. Build
 * them once and pass them as `options.credentials` to share one provider (one AssumeRole)
 * between the Secrets Manager and the Parameter Store clients.
 */
export function credentialsOf(
  vault: ClientVault,
  options: Pick<SecretsManagerClientOptions, 'requestHandler'> = {},
): SecretsManagerClientOptions['credentials'] {
  return vault.authType === undefined
    ? undefined
    : createAuthStrategy(vault as AuthVaultInput, {
        requestHandler: options.requestHandler as never,
      }).credentials;
}

/**
 * Builds the Secrets Manager client the resolver uses: the vault's region and endpoint
 * override, credentials from the vault's auth strategy (or `options.credentials`), the
 * SDK's standard retry strategy and HTTP timeouts on the request handler.
 *
 * @example
 * const client = createSecretsManagerClient(config.vault, { requestTimeoutMs: 2000, maxAttempts: 2 });
 */
export function createSecretsManagerClient(
  vault: ClientVault,
  options: SecretsManagerClientOptions = {},
): SecretsManagerClient {
  return readNonJsonErrors(new SecretsManagerClient(clientSettings(vault, options)));
}

/**
 * Builds the Parameter Store (SSM) client the resolver uses, as the Secrets Manager one: same
 * region, credentials, retry strategy and request handler settings; the vault's endpoint only
 * when it serves Parameter Store too (see `servesParameterStore`).
 *
 * @example
 * const ssm = createSsmClient(config.vault, { requestTimeoutMs: 2000 });
 */
export function createSsmClient(vault: ClientVault, options: SsmClientOptions = {}): SSMClient {
  const endpoint = servesParameterStore(vault.endpoint) ? vault.endpoint : undefined;
  return readNonJsonErrors(new SSMClient(clientSettings({ ...vault, endpoint }, options)));
}

/**
 * Whether the Parameter Store client may use the vault's endpoint override. `vault.endpoint`
 * overrides the Secrets Manager endpoint: an AWS Secrets Manager host (a FIPS endpoint,
 * `vpce-….secretsmanager.….vpce.amazonaws.com`, any host name containing `secretsmanager`)
 * answers no SSM call, so Parameter Store then keeps the SDK's own endpoint resolution, which
 * honours AWS_ENDPOINT_URL_SSM. Any other endpoint (a local emulator, LocalStack, a proxy)
 * serves both services.
 *
 * @example
 * servesParameterStore('http://localhost:4566'); // true
 * servesParameterStore('https://secretsmanager-fips.us-east-1.amazonaws.com'); // false
 */
export function servesParameterStore(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  return !new URL(endpoint).hostname.toLowerCase().includes('secretsmanager');
}
