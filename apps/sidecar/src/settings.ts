import { parseRoleArn } from '@vaultline/config';
import { z } from 'zod';

/** The agent's default token headers, checked in order. */
export const DEFAULT_TOKEN_HEADERS = ['X-Aws-Parameters-Secrets-Token', 'X-Vault-Token'];
/** The agent's default token environment variables, the first one set wins. */
export const DEFAULT_TOKEN_ENV_VARIABLES = [
  'AWS_TOKEN',
  'AWS_SESSION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
];

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'none'] as const;

// The agent's TOML accepts numbers quoted or not (`cache_size = '1000'`), and environment
// variables and flags are strings: digits become numbers, true/false/1/0 become booleans.
const numeric = (schema: z.ZodNumber) =>
  z.preprocess(
    (value) =>
      typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value,
    schema,
  );
const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };
const boolean = () =>
  z.preprocess(
    (value) =>
      typeof value === 'string' && value.toLowerCase() in BOOLEAN_WORDS
        ? BOOLEAN_WORDS[value.toLowerCase()]
        : value,
    z.boolean(),
  );

// An empty prefix matches every name ("".startsWith), so a blank entry would silently grant
// everything: only "*" may do that, and it says so.
const scopeEntry = (what: string, all: string, example: string) =>
  z.string().check((ctx) => {
    if (ctx.value.trim() === '') {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `an empty or blank ${what} is not allowed (it would match ${all}): write "*" for ${all}, or a ${what} such as ${example}`,
      });
    } else if (ctx.value.trim() !== ctx.value) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `'${ctx.value}' begins or ends with whitespace, which no ${what === 'prefix' ? 'secret name' : what === 'parameter prefix' ? 'parameter name' : what} does: remove it`,
      });
    }
  });

/** An IAM role ARN, checked as @vaultline/config checks every role ARN. */
const roleArnSchema = z.string().check((ctx) => {
  const parsed = parseRoleArn(ctx.value);
  if (!parsed.ok) ctx.issues.push({ code: 'custom', input: ctx.value, message: parsed.message });
});

const tokenScopeSchema = z
  .object({
    token: z
      .string()
      .min(1)
      .describe(
        'The token value: literal, `file:///path` (re-read when the file changes) or `env:NAME`',
      ),
    name: z
      .string()
      .min(1)
      .optional()
      .describe('A label for logs and metrics, never the token itself'),
    secrets: z
      .array(scopeEntry('prefix', 'every secret', 'prod/app1/'))
      .default([])
      .describe('Secret-name prefixes this token may read; "*" means every secret'),
    parameters: z
      .array(scopeEntry('parameter prefix', 'every parameter', '/prod/app1/'))
      .default([])
      .describe(
        'Parameter Store name prefixes this token may read; "*" means every parameter (/aws/reference/secretsmanager/ names need the secret in secrets)',
      ),
    connections: z
      .array(scopeEntry('connection name', 'every connection', 'orders-db'))
      .default([])
      .describe('Connection names this token may resolve; "*" means every connection'),
    roles: z
      .array(z.union([z.literal('*'), roleArnSchema]))
      .default([])
      .describe('Role ARNs this token may name in roleArn; "*" means every role'),
  })
  .strict();

const tagFilterSchema = z
  .object({
    key: z.string().min(1).describe('Tag key to match'),
    values: z.array(z.string()).optional().describe('Tag values to match; any value when absent'),
  })
  .strict();

/** The agent's tag entry: every secret with this tag key, optionally read through a role. */
const agentTagFilterSchema = z
  .object({
    key: z.string().min(1).describe('Tag key: every secret that has it, whatever its value'),
    role_arn: roleArnSchema.optional().describe('Read these secrets through this role'),
  })
  .strict();

/** A prefetched secret: its id, or the agent's `{ secret_id, role_arn? }`. */
const prefetchSecretSchema = z.union([
  z.string().min(1),
  z
    .object({
      secret_id: z.string().min(1).describe('Secret name or ARN'),
      role_arn: roleArnSchema.optional().describe('Read it through this role'),
    })
    .strict(),
]);

const prefetchSchema = z
  .object({
    secrets: z
      .array(prefetchSecretSchema)
      .default([])
      .describe('Secrets to load at start: ids, or { secret_id, role_arn } as the agent'),
    tag_filters: z
      .array(tagFilterSchema)
      .default([])
      .describe('Load every secret matching these tags at start (BatchGetSecretValue)'),
    filter_tags: z
      .array(agentTagFilterSchema)
      .default([])
      .describe("The agent's tag discovery: every secret with the tag key, per role"),
    cache_buffer_ratio: numeric(z.number().min(0.1).max(1))
      .default(0.8)
      .describe(
        'At most this fraction of cache_size is filled at start, per role (0.1 to 1.0, as the agent)',
      ),
    max_jitter_seconds: numeric(z.number().min(0).max(10))
      .default(0)
      .describe('Wait a random time up to this before prefetching (0 to 10 s, as the agent)'),
  })
  .strict();

/**
 * The sidecar's settings. Names match AWS's Secrets Manager Agent where the agent has the
 * setting (ttl_seconds, cache_size, http_port, http_address, max_conn, log_level,
 * ssrf_headers, ssrf_env_variables, path_prefix, region); the rest are vaultline's own.
 *
 * @example
 * sidecarSettingsSchema.parse({ http_port: 2773, ttl_seconds: 60 });
 */
export const sidecarSettingsSchema = z
  .object({
    ttl_seconds: numeric(z.number().int().min(0).max(3600))
      .optional()
      .describe(
        "Cache time to live in seconds, 0 to 3600 (0: no caching); default 300 as the agent, or the vaultline config's vault.cache.ttlSeconds",
      ),
    parameter_ttl_seconds: numeric(z.number().int().min(0).max(3600))
      .optional()
      .describe(
        "Cache time to live of Parameter Store parameters on the Lambda extension's route, 0 to 3600 (0: no caching); default ttl_seconds (the extension's SSM_PARAMETER_STORE_TTL)",
      ),
    cache_enabled: boolean()
      .default(true)
      .describe(
        "Cache secrets and parameters at all; false asks AWS on every request (the extension's PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED)",
      ),
    cache_size: numeric(z.number().int().min(1).max(100_000))
      .optional()
      .describe(
        'Maximum number of cached secrets (default 1000, or vault.cache.maxEntries); the agent caps at 1000, vaultline at 100000',
      ),
    http_port: numeric(z.number().int().min(0).max(65535))
      .refine((port) => port === 0 || port >= 1024, {
        message: 'must be 0 (any free port) or in the range 1024 to 65535',
      })
      .default(2773)
      .describe('TCP port on http_address; 0 picks a free port'),
    http_address: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Address to bind (default: 127.0.0.1 and, where the host has IPv6, ::1); anything but loopback needs allow_non_loopback',
      ),
    allow_non_loopback: boolean()
      .default(false)
      .describe('Explicitly allow binding http_address to a non-loopback address'),
    allow_world_readable_token_files: boolean()
      .default(false)
      .describe(
        "Accept token files, and settings files holding tokens, that every user can read (as ssh's StrictModes off); group- or world-writable ones are refused regardless",
      ),
    listen_tcp: boolean().default(true).describe('Listen on TCP at all (false: socket only)'),
    unix_socket: z.string().min(1).optional().describe('Also listen on this Unix domain socket'),
    unix_socket_mode: z
      .string()
      .regex(/^[0-7]{3,4}$/)
      .default('660')
      .describe('File mode of the Unix socket, octal'),
    max_conn: numeric(z.number().int().min(1).max(1000))
      .default(800)
      .describe('Maximum concurrent client connections, 1 to 1000; beyond it requests get 429'),
    aws_max_connections: numeric(z.number().int().min(1).max(1000))
      .optional()
      .describe(
        "HTTP connections each AWS client keeps open at most, 1 to 1000 (the Lambda extension's PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS); default no limit",
      ),
    log_level: z
      .string()
      .transform((level) => level.toLowerCase())
      .pipe(z.enum(LOG_LEVELS))
      .default('info')
      .describe('DEBUG, INFO, WARN, ERROR or NONE (case-insensitive)'),
    ssrf_headers: z
      .array(z.string().min(1))
      .min(1)
      .default(DEFAULT_TOKEN_HEADERS)
      .describe('Request headers checked for the token'),
    ssrf_env_variables: z
      .array(z.string().min(1))
      .min(1)
      .default(DEFAULT_TOKEN_ENV_VARIABLES)
      .describe('Environment variables checked in order for the full-access token'),
    path_prefix: z
      .string()
      .startsWith('/', { message: 'must begin with /' })
      .default('/v1/')
      .describe('URI prefix of path-style requests'),
    region: z
      .string()
      .min(1)
      .optional()
      .describe('AWS region, overriding the vaultline config (else AWS_REGION)'),
    endpoint: z
      .string()
      .url()
      .optional()
      .describe('Secrets Manager endpoint override (a VPC endpoint, or a local emulator)'),
    vaultline_config: z
      .string()
      .min(1)
      .optional()
      .describe('Path of the vaultline config file (region, auth, connections)'),
    max_staleness_seconds: numeric(z.number().int().min(0))
      .optional()
      .describe(
        'How long past its TTL a cached value may be served while AWS fails (default 900, or vault.cache.maxStaleSeconds)',
      ),
    request_timeout_seconds: numeric(z.number().positive().max(600))
      .default(61)
      .describe('Upper bound of one request; the agent uses 61 s'),
    shutdown_timeout_seconds: numeric(z.number().positive().max(600))
      .default(20)
      .describe('How long SIGTERM waits for in-flight requests before closing them'),
    token_reload_interval_ms: numeric(z.number().int().min(10).max(60_000))
      .default(1000)
      .describe('How often token files are checked for changes'),
    log_to_file: boolean()
      .optional()
      .describe('Accepted for agent compatibility; logs always go to stdout as JSON'),
    ignore_transient_errors: boolean()
      .default(true)
      .describe(
        'As the agent: serve the cached value when AWS fails transiently; false sets max_staleness_seconds to 0 unless given',
      ),
    validate_credentials: boolean()
      .default(true)
      .describe(
        'As the agent: check the credentials with sts:GetCallerIdentity at start, and refuse to start when AWS rejects them (not with credentials_file_path)',
      ),
    credentials_file_path: z
      .string()
      .min(1)
      .optional()
      .describe(
        "As the agent: read credentials from this AWS credentials file's [default] profile (a session token is required), re-read when it changes",
      ),
    sts_endpoint: z
      .string()
      .url()
      .optional()
      .describe(
        "STS endpoint for validate_credentials and roleArn (a VPC endpoint, a local emulator); default the region's",
      ),
    max_roles: numeric(z.number().int().min(1).max(20))
      .default(20)
      .describe('How many roles roleArn requests may assume, 1 to 20 (as the agent); past it: 400'),
    error_format: z
      .enum(['agent', 'json'])
      .default('agent')
      .describe(
        "Error bodies: 'agent' answers the agent's plain-text refusals (Bad Token, Forwarded, ...); 'json' answers vaultline's JSON errors, {\"__type\", \"message\"}, for every refusal",
      ),
    stale_on_refresh_failure: boolean()
      .default(false)
      .describe(
        'When a refreshNow request fails at AWS with a transient error, serve the last value marked stale (false: answer the error and leave the cache alone, as the agent)',
      ),
    tokens: z
      .array(tokenScopeSchema)
      .default([])
      .describe('Scoped tokens, each allowed some secret-name prefixes or connections'),
    prefetch: prefetchSchema
      .default({
        secrets: [],
        tag_filters: [],
        filter_tags: [],
        cache_buffer_ratio: 0.8,
        max_jitter_seconds: 0,
      })
      .describe('Secrets to load into the cache at start'),
    metrics: z
      .object({
        enabled: z.boolean().default(true).describe('Serve /metrics'),
        require_token: z.boolean().default(true).describe('Require a token for /metrics'),
        secret_name_labels: z
          .boolean()
          .default(false)
          .describe('Label per-secret metrics with secret names (off: names never appear)'),
      })
      .strict()
      .default({ enabled: true, require_token: true, secret_name_labels: false }),
  })
  .strict();

/** Settings as written in a file, flags or the environment, before defaults. */
export type SidecarSettingsInput = z.input<typeof sidecarSettingsSchema>;
/** Validated settings with every default applied. */
export type SidecarSettings = z.output<typeof sidecarSettingsSchema>;
/** One scoped token as configured. */
export type TokenScopeSettings = z.output<typeof tokenScopeSchema>;
