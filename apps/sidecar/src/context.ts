import type { Logger } from 'pino';
import type { TokenStore } from './auth/tokens.js';
import type { ResponseBodies } from './hot-path.js';
import type { SidecarMetrics } from './metrics.js';
import type { RoleSources } from './roles.js';
import type { SidecarSettings } from './settings.js';
import type { SecretSource } from './source.js';

/** Counters the server keeps about itself, read by limits and shutdown. */
export interface ServerState {
  openConnections: number;
  shuttingDown: boolean;
}

/** Everything a request handler needs, built once at start. */
export interface HandlerContext {
  settings: SidecarSettings;
  tokens: TokenStore;
  source: SecretSource;
  /**
   * Where the parameter route reads: a resolver of its own when SSM_PARAMETER_STORE_TTL
   * differs from the secrets' TTL; undefined: `source`.
   */
  parameterSource?: SecretSource;
  metrics: SidecarMetrics;
  logger: Logger;
  state: ServerState;
  /** The ready response bodies of this sidecar's cached secrets (hot-path.ts). */
  bodies: ResponseBodies;
  /** The resolvers of `roleArn` requests; undefined when roles cannot be assumed here. */
  roles?: RoleSources;
}
