import { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { isLoopbackHost } from '@vaultline/config';
import {
  type ClientVault,
  createSecretsManagerClient,
  createSsmClient,
  readNonJsonErrors,
} from '@vaultline/resolver';
import type { DiagnoseOptions } from './types.js';

/** The AWS clients the secret and parameter checks use, signed as the agent. */
export interface DiagnoseClients {
  secretsManager: SecretsManagerClient;
  /** Parameter Store, built as the resolver builds its own. */
  ssm: SSMClient;
  kms: KMSClient;
  destroy(): void;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Secrets Manager as the resolver would call it (vault endpoint, region) and KMS in the same
 * region. KMS shares the vault endpoint only when that is a local emulator, which serves every
 * service on one address; a VPC endpoint of Secrets Manager is no KMS endpoint.
 */
export function createDiagnoseClients(
  vault: ClientVault,
  credentials: AwsCredentialIdentityProvider,
  options: DiagnoseOptions,
): DiagnoseClients {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientOptions = {
    credentials,
    requestTimeoutMs,
    maxAttempts: 2,
    ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
  };
  const secretsManager = createSecretsManagerClient(vault, clientOptions);
  const ssm = createSsmClient(vault, clientOptions);
  const local = vault.endpoint && isLoopbackHost(new URL(vault.endpoint).hostname);
  const kms = readNonJsonErrors(
    new KMSClient({
      region: vault.region,
      credentials,
      maxAttempts: 2,
      ...(local ? { endpoint: vault.endpoint } : {}),
      requestHandler:
        (options.requestHandler as never) ??
        new NodeHttpHandler({
          requestTimeout: requestTimeoutMs,
          connectionTimeout: 2000,
          throwOnRequestTimeout: true,
        }),
    }),
  );
  return {
    secretsManager,
    ssm,
    kms,
    destroy() {
      secretsManager.destroy();
      ssm.destroy();
      kms.destroy();
    },
  };
}
