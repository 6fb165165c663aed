import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { VaultlineConfig } from '@vaultline/config';
import type { Resolver } from '@vaultline/resolver';

// The AWS SDK and the resolver are imported inside these functions, never at the top of a
// command file: `--help`, `names` and `validate` must not pay for evaluating them.

/**
 * The resolver (`@vaultline/resolver`, without the setup checks, which are
 * `@vaultline/diagnose`'s), loaded on first use: `get`, `resolve`, `exec`, `describe` and
 * `list` do not evaluate the policy generator and the KMS client that only `doctor` needs.
 */
export const loadResolverModule = (): Promise<typeof import('@vaultline/resolver')> =>
  import('@vaultline/resolver');

/** `@vaultline/diagnose`, loaded on first use (`doctor` only). */
export const loadDiagnoseModule = (): Promise<typeof import('@vaultline/diagnose')> =>
  import('@vaultline/diagnose');

/** The Secrets Manager SDK module, loaded on first use. */
export const loadSdkModule = (): Promise<typeof import('@aws-sdk/client-secrets-manager')> =>
  import('@aws-sdk/client-secrets-manager');

/** The Systems Manager SDK module (Parameter Store's DescribeParameters), loaded on first use. */
export const loadSsmModule = (): Promise<typeof import('@aws-sdk/client-ssm')> =>
  import('@aws-sdk/client-ssm');

/**
 * A resolver for the config with the CLI's settings: one attempt plus two retries, the
 * SDK's timeouts. Dispose it (`await using`) when done.
 *
 * @example
 * await using resolver = await openResolver(config);
 * const value = await resolver.getValue('prod/db:password');
 */
export async function openResolver(config: VaultlineConfig): Promise<Resolver> {
  const { createResolver } = await loadResolverModule();
  return createResolver(config, { maxAttempts: 2 });
}

/**
 * A Secrets Manager SDK client for the vault (region, endpoint, credentials of the
 * configured auth type), for the calls the resolver does not make (DescribeSecret,
 * ListSecrets). Errors it throws go through `toCliAwsError`.
 *
 * @example
 * const client = await openSecretsClient(config);
 */
export async function openSecretsClient(config: VaultlineConfig): Promise<SecretsManagerClient> {
  const { createSecretsManagerClient } = await loadResolverModule();
  return createSecretsManagerClient(config.vault, { maxAttempts: 2 });
}

/**
 * A Systems Manager SDK client for the vault, built as the resolver builds its own (same
 * credentials and region; the vault's endpoint only when it serves Parameter Store), for the Parameter Store calls the resolver does not make
 * (DescribeParameters). Errors it throws go through `toCliAwsError`.
 *
 * @example
 * const client = await openSsmClient(config);
 */
export async function openSsmClient(config: VaultlineConfig): Promise<SSMClient> {
  const { createSsmClient } = await loadResolverModule();
  return createSsmClient(config.vault, { maxAttempts: 2 });
}

/**
 * An SDK error as a ResolverError (code, hint), so the exit-code table applies.
 *
 * @example
 * catch (error) { throw await toCliAwsError(error, { secretId: ref, action: 'DescribeSecret' }); }
 */
export async function toCliAwsError(
  error: unknown,
  context: { secretId?: string; parameterId?: string; action?: string } = {},
): Promise<Error> {
  const { fromAwsError } = await loadResolverModule();
  return fromAwsError(error, context);
}

/**
 * For a vault whose endpoint is a loopback address (a local emulator): a request handler
 * that sends every AWS call there (STS and KMS included), keeping each signed Host, so
 * `doctor` checks the same steps offline as against AWS. Undefined for any other vault.
 *
 * @example
 * const requestHandler = await emulatorRequestHandlerFor(config.vault.endpoint);
 */
export async function emulatorRequestHandlerFor(endpoint: string | undefined): Promise<unknown> {
  if (!endpoint) return undefined;
  const { isLoopbackHost } = await import('@vaultline/config');
  if (!isLoopbackHost(new URL(endpoint).hostname)) return undefined;
  const { createEmulatorRequestHandler } = await import('@vaultline/emulator');
  return createEmulatorRequestHandler(endpoint);
}
