import type { Server } from 'node:http';
import { loadConfigOrThrow } from '@vaultline/config';
import {
  createResolver,
  type ResolverConfig,
  type ResolverOptions,
} from '@vaultline/resolver/core';
import type { DestinationStream, Logger } from 'pino';
import { createTokenStore } from './auth/tokens.js';
import type { HandlerContext, ServerState } from './context.js';
import { SidecarError } from './errors.js';
import { createRequestHandler } from './handler.js';
import { createResponseBodies } from './hot-path.js';
import { checkBindAddress, listenTcp, listenUnix } from './listen.js';
import { createSidecarLogger } from './logging.js';
import { createSidecarMetrics, type SidecarMetrics } from './metrics.js';
import { prefetchAtStart } from './prefetch.js';
import { createSidecarServer, drainServers } from './server.js';
import type { SidecarSettings, SidecarSettingsInput } from './settings.js';
import { loadSidecarSettings } from './settings-sources.js';
import type { SecretSource } from './source.js';

/** Options of {@link startSidecar}; every one is optional. */
export interface StartSidecarOptions {
  /** Settings in code, applied over the file, environment and flags. */
  settings?: SidecarSettingsInput;
  /** A settings file (.toml, .yaml, .json); `--config` in argv wins. */
  settingsFile?: string;
  /** Command-line flags (the bin passes process.argv.slice(2)). */
  argv?: string[];
  /** Environment for tokens and settings. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A ready resolver (e.g. the CLI's own); otherwise one is built from the config. */
  source?: SecretSource;
  /** A vaultline config object instead of the `vaultline_config` file. */
  config?: ResolverConfig;
  /** Extra options for the resolver built here (credentials, request handler, ...). */
  resolverOptions?: Omit<ResolverOptions, 'metrics' | 'logger' | 'metricLabelsWithNames'>;
  /** Where JSON log lines go. Default stdout. */
  logDestination?: DestinationStream;
}

/** A running sidecar. */
export interface RunningSidecar {
  /** `http://127.0.0.1:<port>` of the TCP listener, or undefined with listen_tcp false. */
  url: string | undefined;
  /** The Unix socket path, when one was asked for. */
  socketPath: string | undefined;
  settings: SidecarSettings;
  metrics: SidecarMetrics;
  logger: Logger;
  /** Stops accepting, finishes in-flight requests, then releases everything. Idempotent. */
  close(): Promise<void>;
}

function resolverConfigFrom(base: ResolverConfig, settings: SidecarSettings): ResolverConfig {
  const cache = { ...base.vault.cache };
  if (settings.ttl_seconds !== undefined) cache.ttlSeconds = settings.ttl_seconds;
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
  options: StartSidecarOptions,
  settings: SidecarSettings,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<ResolverConfig> {
  if (options.config) return options.config;
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

/**
 * Starts the sidecar: validates settings, builds the token store, the resolver (unless
 * given), metrics and logger, listens on TCP (loopback unless explicitly allowed) and/or a
 * Unix socket, and prefetches the listed secrets. `vaultline dev` calls it in-process.
 *
 * @example
 * const sidecar = await startSidecar({ settings: { http_port: 0 }, env: { AWS_TOKEN: 't' } });
 * await fetch(`${sidecar.url}/ping`);
 * await sidecar.close();
 */
export async function startSidecar(options: StartSidecarOptions = {}): Promise<RunningSidecar> {
  const env = options.env ?? process.env;
  const { settings, warnings } = loadSidecarSettings({
    env,
    ...(options.argv ? { argv: options.argv } : {}),
    ...(options.settingsFile ? { file: options.settingsFile } : {}),
    ...(options.settings ? { overrides: options.settings as Record<string, unknown> } : {}),
  });
  const logger = createSidecarLogger({
    level: settings.log_level,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  for (const warning of warnings) logger.warn(warning);

  const bindWarning = settings.listen_tcp
    ? checkBindAddress(settings.http_address, settings.allow_non_loopback)
    : undefined;
  if (!settings.listen_tcp && !settings.unix_socket) {
    throw new SidecarError(
      'INVALID_SETTINGS',
      'nothing to listen on: listen_tcp is false and no unix_socket is set; set one of them',
    );
  }

  const metrics = createSidecarMetrics({ secretNameLabels: settings.metrics.secret_name_labels });
  const tokens = createTokenStore({
    settings,
    env,
    onReload: (event) =>
      event.ok
        ? logger.info({ tokenName: event.name }, 'token file changed; the new token is in use')
        : logger.warn(
            { tokenName: event.name, problem: event.message },
            'token file could not be re-read; the previous token stays in use',
          ),
  });

  let source = options.source;
  const ownsSource = source === undefined;
  try {
    if (source === undefined) {
      const config = resolverConfigFrom(await baseConfig(options, settings, env, logger), settings);
      source = createResolver(config, {
        ...options.resolverOptions,
        metrics: metrics.resolverHooks,
        metricLabelsWithNames: settings.metrics.secret_name_labels,
        logger: logger.child({ component: 'resolver' }),
      });
    }
  } catch (error) {
    tokens.close();
    throw error;
  }

  const state: ServerState = { openConnections: 0, shuttingDown: false };
  const bodies = createResponseBodies();
  const ctx: HandlerContext = { settings, tokens, source, metrics, logger, state, bodies };
  const handler = createRequestHandler(ctx);
  const servers: Server[] = [];
  const make = () => {
    const server = createSidecarServer(handler, state, metrics, settings.request_timeout_seconds);
    servers.push(server);
    return server;
  };

  let url: string | undefined;
  try {
    if (settings.listen_tcp) {
      if (bindWarning) logger.warn(bindWarning);
      const port = await listenTcp(make(), settings.http_address, settings.http_port);
      const host = settings.http_address.includes(':')
        ? `[${settings.http_address}]`
        : settings.http_address;
      url = `http://${host}:${port}`;
    }
    if (settings.unix_socket) {
      await listenUnix(make(), settings.unix_socket, settings.unix_socket_mode);
    }
  } catch (error) {
    await drainServers(servers, state, 0);
    bodies.clear();
    tokens.close();
    if (ownsSource) await source.close?.();
    throw error;
  }
  logger.info(
    { url, socket: settings.unix_socket, tokens: tokens.size, maxConn: settings.max_conn },
    'vaultline sidecar listening',
  );

  const { secrets: listed, tag_filters: tagFilters } = settings.prefetch;
  if (listed.length > 0 || tagFilters.length > 0) {
    void prefetchAtStart(source, listed, tagFilters, logger);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    socketPath: settings.unix_socket,
    settings,
    metrics,
    logger,
    close() {
      closing ??= (async () => {
        const { forced } = await drainServers(
          servers,
          state,
          settings.shutdown_timeout_seconds * 1000,
        );
        if (forced) logger.warn('shutdown timeout: closed connections with requests in flight');
        bodies.clear();
        tokens.close();
        if (ownsSource) await source.close?.();
        logger.info('vaultline sidecar stopped');
      })();
      return closing;
    },
  };
}
