import {
  type AuthVaultInput,
  createAuthStrategy,
  createDefaultChainStrategy,
} from '@vaultline/auth';
import { createAssumeRoleProvider } from '@vaultline/auth/role-based';
import { loadConfigOrThrow } from '@vaultline/config';
import {
  createResolver,
  type ResolverConfig,
  type ResolverOptions,
} from '@vaultline/resolver/core';
import type { Logger } from 'pino';
import { createCredentialsFileProvider } from './credentials-file.js';
import { SidecarError } from './errors.js';
import type { SidecarMetrics } from './metrics.js';
import { createRoleSources, type RoleSources } from './roles.js';
import type { SidecarSettings } from './settings.js';
import type { SecretSource } from './source.js';
import { type SidecarCredentials, stsEndpointOf, validateCredentials } from './sts.js';

/** What the sidecar reads secrets from: its own source, and one per roleArn role. */
export interface SidecarSources {
  source: SecretSource;
  /** False when the caller gave the source (then the caller closes it). */
  ownsSource: boolean;
  roles: RoleSources | undefined;
  /**
   * The parameter route's own resolver, when its TTL (SSM_PARAMETER_STORE_TTL) differs
   * from the secrets' (the resolver keeps one TTL); closed with the sidecar.
   */
  parameterSource?: SecretSource;
}

/** The inputs of {@link buildSources}, from startSidecar's options. */
export interface SourceInputs {
  source?: SecretSource | undefined;
  config?: ResolverConfig | undefined;
  resolverOptions?: Omit<ResolverOptions, 'metrics' | 'logger' | 'metricLabelsWithNames'>;
}

/** The session name of the roles the sidecar assumes for roleArn (CloudTrail shows it). */
const ROLE_SESSION_NAME = 'vaultline-sidecar';

/** The resolver's default TTL, when neither the settings nor the config give one. */
const DEFAULT_TTL_SECONDS = 300;

function resolverConfigFrom(base: ResolverConfig, settings: SidecarSettings): ResolverConfig {
  const cache = { ...base.vault.cache };
  if (settings.ttl_seconds !== undefined) cache.ttlSeconds = settings.ttl_seconds;
  // As the extension with PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED=FALSE: every request
  // asks AWS (a TTL of 0; stale values still answer while AWS fails, within max staleness).
  if (!settings.cache_enabled) cache.ttlSeconds = 0;
  if (settings.cache_size !== undefined) cache.maxEntries = settings.cache_size;
  if (settings.max_staleness_seconds !== undefined)
    cache.maxStaleSeconds = settings.max_staleness_seconds;
  return {
    ...base,
    vault: {
      ...base.vault,
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      cache,
    },
  };
}

async function baseConfig(
  inputs: SourceInputs,
  settings: SidecarSettings,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<ResolverConfig> {
  if (inputs.config) return inputs.config;
  if (settings.vaultline_config) {
    try {
      const loaded = await loadConfigOrThrow(settings.vaultline_config, { env });
      for (const warning of loaded.warnings) logger.warn({ warning }, 'vaultline config warning');
      return loaded.config as ResolverConfig;
    } catch (error) {
      throw new SidecarError(
        'CONFIG_FAILED',
        `cannot use the vaultline config ${settings.vaultline_config}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  // As the agent: no config file, the SDK's default credential chain and region.
  const region = settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new SidecarError(
      'CONFIG_FAILED',
      'no AWS region: set region in the sidecar settings (--region), AWS_REGION, or give a vaultline config with vault.region',
    );
  }
  return { vault: { region } };
}

/** The config of the parameter route's resolver, or undefined when the secrets' one serves. */
function parameterConfigOf(
  config: ResolverConfig,
  settings: SidecarSettings,
): ResolverConfig | undefined {
  const ttl = settings.parameter_ttl_seconds;
  const secretsTtl = config.vault.cache?.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (ttl === undefined || !settings.cache_enabled || ttl === secretsTtl) return undefined;
  return {
    ...config,
    vault: { ...config.vault, cache: { ...config.vault.cache, ttlSeconds: ttl } },
  };
}

/** The credentials the roles are assumed with: the sidecar's own, whatever their source. */
function sourceCredentialsOf(
  credentials: SidecarCredentials,
  vault: ResolverConfig['vault'],
): () => Promise<Awaited<ReturnType<Extract<NonNullable<SidecarCredentials>, () => unknown>>>> {
  if (typeof credentials === 'function') return credentials;
  if (credentials) return async () => credentials;
  const authType = (vault as { authType?: string }).authType;
  if (authType) return createAuthStrategy(vault as unknown as AuthVaultInput).credentials;
  return createDefaultChainStrategy({ authType: 'default-chain', region: vault.region })
    .credentials;
}

/**
 * The agent's startup check runs where the agent's would: the SDK's own credentials (no
 * vaultline config, which `vaultline validate` checks instead), not from a credentials file,
 * and with a known STS endpoint (with `endpoint` set, only when `sts_endpoint` is set too).
 */
function shouldValidate(settings: SidecarSettings, inputs: SourceInputs): boolean {
  return (
    settings.validate_credentials &&
    !settings.credentials_file_path &&
    !inputs.config &&
    !settings.vaultline_config &&
    (!settings.endpoint || settings.sts_endpoint !== undefined)
  );
}

/**
 * Builds the resolver the sidecar reads through (unless one is given), after checking its
 * credentials as the agent does (`validate_credentials`), and the per-role resolvers of
 * `roleArn` requests (assumed with the same credentials, on `sts_endpoint` or the region's).
 *
 * @example
 * const { source, roles } = await buildSources({}, settings, process.env, logger, metrics);
 */
export async function buildSources(
  inputs: SourceInputs,
  settings: SidecarSettings,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  metrics: SidecarMetrics,
): Promise<SidecarSources> {
  if (inputs.source) return { source: inputs.source, ownsSource: false, roles: undefined };
  const config = resolverConfigFrom(await baseConfig(inputs, settings, env, logger), settings);
  const credentials: SidecarCredentials = settings.credentials_file_path
    ? createCredentialsFileProvider(
        settings.credentials_file_path,
        logger.child({ component: 'credentials' }),
      )
    : inputs.resolverOptions?.credentials;
  const vaultSts = (config.vault as { stsEndpoint?: string }).stsEndpoint;
  const stsEndpoint = stsEndpointOf(config.vault.region, settings.sts_endpoint ?? vaultSts);
  if (shouldValidate(settings, inputs)) {
    await validateCredentials(stsEndpoint, credentials, settings.ignore_transient_errors);
  }
  const options: ResolverOptions = {
    // As the agent: an expired value is kept when DescribeSecret says it is still current.
    refreshByDescribe: true,
    ...inputs.resolverOptions,
    ...(credentials ? { credentials } : {}),
    ...(settings.aws_max_connections ? { maxSockets: settings.aws_max_connections } : {}),
    metrics: metrics.resolverHooks,
    metricLabelsWithNames: settings.metrics.secret_name_labels,
    logger: logger.child({ component: 'resolver' }),
  };
  const source = createResolver(config, options);
  const parameterConfig = parameterConfigOf(config, settings);
  const parameterSource = parameterConfig ? createResolver(parameterConfig, options) : undefined;
  const assumeWith = sourceCredentialsOf(credentials, config.vault);
  const roles = createRoleSources(settings.max_roles, async (roleArn) => {
    const assumed = createAssumeRoleProvider(
      assumeWith,
      { roleArn, sessionName: ROLE_SESSION_NAME },
      stsEndpoint,
      {},
    );
    // Eagerly, as the agent: a refused AssumeRole answers 403 now, and the role is not kept.
    await assumed();
    logger.info({ roleArn }, 'assumed a role for roleArn requests; it has its own cache');
    return createResolver(config, { ...options, credentials: assumed });
  });
  return { source, ownsSource: true, roles, ...(parameterSource ? { parameterSource } : {}) };
}
