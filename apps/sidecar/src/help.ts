/**
 * The text of `--help`, for the command it was run as (`vaultline-sidecar`, or
 * `vaultline sidecar` from the CLI).
 *
 * @example
 * process.stdout.write(sidecarHelp('vaultline sidecar'));
 */
export const sidecarHelp = (command: string): string =>
  `${command}: a local credentials server compatible with AWS's Secrets Manager Agent
and the Parameters and Secrets Lambda Extension

Usage: ${command} [--config settings.toml] [flags]

Settings come from the file, then VAULTLINE_SIDECAR_<NAME> environment variables, then flags.
  --config <file>              settings file (.toml as the agent's, .yaml or .json)
  --vaultline-config <file>    vaultline config (vault region, auth, connections)
  --http-port <port>           TCP port (default 2773; 0 picks one)
  --http-address <address>     bind address (default 127.0.0.1)
  --allow-non-loopback         allow a non-loopback http-address
  --allow-world-readable-token-files
                               accept token files every user can read (never writable ones)
  --no-tcp                     do not listen on TCP (use --unix-socket)
  --unix-socket <path>         also listen on this Unix domain socket
  --ttl-seconds <n>            cache TTL, 0 to 3600 (default 300)
  --parameter-ttl-seconds <n>  cache TTL of /systemsmanager/parameters/get (default: ttl-seconds)
  --cache-enabled <bool>       false: ask AWS on every request (default true)
  --cache-size <n>             cached secrets, 1 to 100000 (default 1000)
  --max-conn <n>               concurrent connections, 1 to 1000 (default 800)
  --max-staleness-seconds <n>  serve a cached value this long past its TTL while AWS fails
  --log-level <level>          debug, info, warn, error or none (default info)
  --region <region>            AWS region (else the vaultline config or AWS_REGION)
  --endpoint <url>             Secrets Manager endpoint override
  --prefetch <secret>          load a secret at start (repeatable)
  --help                       this text

The Parameters and Secrets Lambda Extension's variables are read too, with its ranges:
PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, _CACHE_ENABLED, _CACHE_SIZE (0 to 1000), _LOG_LEVEL,
_MAX_CONNECTIONS, SECRETS_MANAGER_TTL and SSM_PARAMETER_STORE_TTL (0 to 300 seconds).

The token: the first of AWS_TOKEN, AWS_SESSION_TOKEN, AWS_CONTAINER_AUTHORIZATION_TOKEN
that is set (file:///path reads it from a file), plus scoped tokens from the settings file.
Each token is at least 32 random characters: openssl rand -hex 32.
`;
