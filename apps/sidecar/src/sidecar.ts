import type { Server } from 'node:http';
import type { ResolverConfig, ResolverOptions } from '@vaultline/resolver/core';
import type { DestinationStream, Logger } from 'pino';
import { createTokenStore, type TokenStore } from './auth/tokens.js';
import type { HandlerContext, ServerState } from './context.js';
import { SidecarError } from './errors.js';
import { createRequestHandler } from './handler.js';
import { createResponseBodies } from './hot-path.js';
import { checkBindAddress, listenLoopbackOrAddress, listenUnix } from './listen.js';
import { createSidecarLogger } from './logging.js';
import { createSidecarMetrics, type SidecarMetrics } from './metrics.js';
import { prefetchAtStart } from './prefetch.js';
import { createSidecarServer, drainServers } from './server.js';
import type { SidecarSettings, SidecarSettingsInput } from './settings.js';
import { loadSidecarSettings } from './settings-sources.js';
import { buildSources, type SidecarSources } from './sidecar-sources.js';
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
  /**
   * Called with the TCP URL as soon as it listens, before any log line (the command prints
   * the agent's startup line there, which AWS's harness reads as the first line of stdout).
   */
  onListening?: (url: string) => void;
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

/** Default entries of the resolver's cache (the agent's cache_size default). */
const DEFAULT_CACHE_SIZE = 1000;

function createTokens(
  settings: SidecarSettings,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): TokenStore {
  return createTokenStore({
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
}

/** Listens on TCP (both loopbacks by default) and/or the Unix socket; the TCP URL. */
async function listenAll(
  settings: SidecarSettings,
  make: () => Server,
  logger: Logger,
): Promise<string | undefined> {
  let url: string | undefined;
  if (settings.listen_tcp) {
    url = await listenLoopbackOrAddress(make, settings.http_address, settings.http_port, logger);
  }
  if (settings.unix_socket) {
    await listenUnix(make(), settings.unix_socket, settings.unix_socket_mode);
  }
  return url;
}

/** The start-up prefetch, in the background, when anything is to be prefetched. */
function startPrefetch(sources: SidecarSources, settings: SidecarSettings, logger: Logger): void {
  const { prefetch } = settings;
  if (prefetch.secrets.length + prefetch.tag_filters.length + prefetch.filter_tags.length === 0) {
    return;
  }
  const sourceFor = async (role: string | undefined) =>
    role === undefined
      ? sources.source
      : (sources.roles?.get(role) ?? { code: 'ROLES_UNAVAILABLE' });
  void prefetchAtStart(sourceFor, prefetch, settings.cache_size ?? DEFAULT_CACHE_SIZE, logger);
}

/** The request handler's context, a factory of servers sharing it, and what closing frees. */
function createServing(parts: {
  settings: SidecarSettings;
  tokens: TokenStore;
  metrics: SidecarMetrics;
  logger: Logger;
  sources: SidecarSources;
}) {
  const { settings, tokens, metrics, logger, sources } = parts;
  const state: ServerState = { openConnections: 0, shuttingDown: false };
  const bodies = createResponseBodies();
  const ctx: HandlerContext = {
    settings,
    tokens,
    source: sources.source,
    metrics,
    logger,
    state,
    bodies,
    ...(sources.roles ? { roles: sources.roles } : {}),
    ...(sources.parameterSource ? { parameterSource: sources.parameterSource } : {}),
  };
  const handler = createRequestHandler(ctx);
  const servers: Server[] = [];
  const make = () => {
    const server = createSidecarServer(handler, state, metrics, settings.request_timeout_seconds);
    servers.push(server);
    return server;
  };
  const release = async () => {
    bodies.clear();
    tokens.close();
    await sources.roles?.close();
    if (sources.ownsSource) await sources.source.close?.();
    await sources.parameterSource?.close?.();
  };
  return { state, servers, make, release };
}

/**
 * Starts the sidecar: validates settings, builds the token store, the resolver (unless
 * given, after checking its credentials as the agent does) and the roleArn resolvers,
 * metrics and logger, listens on TCP (127.0.0.1 and ::1 by default, loopback unless
 * explicitly allowed) and/or a Unix socket, and prefetches. `vaultline dev` calls it
 * in-process.
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
  const bindWarning = settings.listen_tcp
    ? checkBindAddress(settings.http_address ?? '127.0.0.1', settings.allow_non_loopback)
    : undefined;
  if (!settings.listen_tcp && !settings.unix_socket) {
    throw new SidecarError(
      'INVALID_SETTINGS',
      'nothing to listen on: listen_tcp is false and no unix_socket is set; set one of them',
    );
  }
  const metrics = createSidecarMetrics({ secretNameLabels: settings.metrics.secret_name_labels });
  const tokens = createTokens(settings, env, logger);
  let sources: SidecarSources;
  try {
    sources = await buildSources(options, settings, env, logger, metrics);
  } catch (error) {
    tokens.close();
    throw error;
  }
  const { state, servers, make, release } = createServing({
    settings,
    tokens,
    metrics,
    logger,
    sources,
  });

  let url: string | undefined;
  try {
    url = await listenAll(settings, make, logger);
  } catch (error) {
    await drainServers(servers, state, 0);
    await release();
    throw error;
  }
  if (url) options.onListening?.(url);
  // Logged after the listening line, which must come first on stdout.
  for (const warning of warnings) logger.warn(warning);
  if (bindWarning) logger.warn(bindWarning);
  logger.info(
    { url, socket: settings.unix_socket, tokens: tokens.size, maxConn: settings.max_conn },
    'vaultline sidecar listening',
  );
  startPrefetch(sources, settings, logger);

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
        await release();
        logger.info('vaultline sidecar stopped');
      })();
      return closing;
    },
  };
}
