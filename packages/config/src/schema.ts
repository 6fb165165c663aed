import {
  parseParameterReference,
  parseSecretReference,
  REGION_CODE_PATTERN,
} from '@vaultline/secret-names';
import { z } from 'zod';
import { parseKmsKeyArn } from './kms-key-arn.js';
import { checkRegion } from './region-check.js';
import { parsePrincipalArn, parseRoleArn } from './role-arn.js';
import { parseInterpolatedValue } from './secret-placeholders.js';
import { checkServiceUrl } from './urls.js';

/** The authentication types, in the order the docs present them. */
export const AUTH_TYPES = [
  'role-based',
  'instance-profile',
  'access-key',
  'default-chain',
] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

const required = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `is required: ${message}` : undefined;

// ---- field schemas -------------------------------------------------------------------------

const regionCode = () =>
  z
    .string({ error: required('give the AWS region code of the secrets, such as us-east-2') })
    .check((ctx) => {
      const result = checkRegion(ctx.value);
      if (result.kind !== 'invalid') return;
      const hint = result.suggestion ? `: did you mean ${result.suggestion}?` : '';
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `'${clip(ctx.value)}' is not an AWS region code such as us-east-2${hint}`,
      });
    })
    .meta({ pattern: REGION_CODE_PATTERN.source, examples: ['us-east-2', 'eu-west-1'] });

const serviceUrl = () =>
  z.string().check((ctx) => {
    const result = checkServiceUrl(ctx.value);
    if (!result.ok) ctx.issues.push({ code: 'custom', input: ctx.value, message: result.message });
  });

const accountId = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? 'write the account id in quotes ("111122223333"): YAML reads a bare number as a number'
        : undefined,
  })
  .regex(/^\d{12}$/, { error: 'an AWS account id is 12 digits, such as 111122223333' })
  .describe(
    "The AWS account whose secrets are referenced by name. Optional: for role-based vaults it defaults to the role's account. Used to tell same-account from cross-account references.",
  );

const roleArn = (what: string) =>
  z
    .string({
      error: required(`give ${what}, such as arn:aws:iam::111122223333:role/vaultline-agent`),
    })
    .check((ctx) => {
      const result = parseRoleArn(ctx.value);
      if (!result.ok)
        ctx.issues.push({ code: 'custom', input: ctx.value, message: result.message });
    });

const sourcePrincipalArn = z
  .string({ error: 'expected the ARN of an IAM role or user, as a string' })
  .check((ctx) => {
    const result = parsePrincipalArn(ctx.value);
    if (!result.ok) ctx.issues.push({ code: 'custom', input: ctx.value, message: result.message });
  })
  .meta({
    examples: ['arn:aws:iam::111122223333:role/app-instance', 'arn:aws:iam::111122223333:user/ci'],
  })
  .describe(
    "The IAM role or user whose credentials call AssumeRole: the instance role (sourceCredentials instance-profile), or the IAM user, SSO or CI role behind the default chain. Optional; vaultline uses it to print the role's trust policy (vaultline policy trust-policy) and doctor's fixes.",
  );

const kmsKeyArns = z
  .array(
    z.string({ error: 'expected a KMS key ARN, as a string' }).check((ctx) => {
      const result = parseKmsKeyArn(ctx.value);
      if (!result.ok)
        ctx.issues.push({ code: 'custom', input: ctx.value, message: result.message });
    }),
    {
      error: 'expected a list of KMS key ARNs, such as [arn:aws:kms:us-east-2:111122223333:key/…]',
    },
  )
  .min(1, { error: 'is empty; list the key ARNs or remove kmsKeyArns' })
  .max(20, { error: 'lists at most 20 keys' })
  .describe(
    "The customer managed KMS keys (key ARNs, not aliases) that encrypt the secrets vaultline reads from another account. Optional; vaultline uses them in generated policies and in doctor's fixes.",
  );

const externalId = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, {
    error: 'an external id is 2 to 1224 letters, digits or + = , . @ : / _ -',
  })
  .describe('The external id the role trust policy requires (sts:ExternalId), if any.');

const sessionName = z
  .string()
  .regex(/^[\w+=,.@-]{2,64}$/, {
    error: 'a role session name is 2 to 64 letters, digits or + = , . @ _ -',
  })
  .describe('The role session name that CloudTrail records (RoleSessionName).');

const integer = (min: number, max: number, unit: string) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? undefined : `expected a number of ${unit}`),
    })
    .int({ error: `expected a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min} ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` });

const instanceMetadataSchema = z
  .strictObject({
    endpoint: z
      .string()
      .check((ctx) => {
        try {
          const url = new URL(ctx.value);
          if (url.protocol === 'http:' || url.protocol === 'https:') return;
        } catch {
          // reported below
        }
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `expected an http URL such as http://169.254.169.254; got '${clip(ctx.value)}'`,
        });
      })
      .optional()
      .describe(
        'The instance metadata service (IMDS) endpoint; defaults to http://169.254.169.254 (the SDK also honours AWS_EC2_METADATA_SERVICE_ENDPOINT).',
      ),
    timeoutMs: integer(1, 60_000, 'milliseconds')
      .default(1000)
      .describe('How long one IMDS request may take.'),
    maxRetries: integer(0, 10, 'retries')
      .default(1)
      .describe('How many times a failed IMDS request is retried.'),
  })
  .describe(
    'Instance metadata (IMDS) settings, used by instance-profile and by role-based vaults whose source credentials come from the instance.',
  );

const cacheSchema = z
  .strictObject({
    ttlSeconds: integer(0, 3600, 'seconds')
      .default(300)
      .describe(
        'How long a secret value is served from memory before it is fetched again; 0 disables caching.',
      ),
    maxEntries: integer(1, 100_000, 'entries')
      .default(1000)
      .describe(
        'How many secret values the cache holds; the least recently used is evicted first.',
      ),
    maxStaleSeconds: integer(0, 86_400, 'seconds')
      .default(900)
      .describe(
        'How long past its TTL a cached value may still be served while AWS cannot be reached; 0 never serves a stale value.',
      ),
  })
  .prefault({})
  .describe('In-memory cache of secret values.');

// ---- vault --------------------------------------------------------------------------------

const common = {
  type: z
    .literal('aws-secrets-manager', {
      error: "must be 'aws-secrets-manager', the only vault vaultline supports",
    })
    .default('aws-secrets-manager')
    .describe('The kind of vault. Only AWS Secrets Manager is supported.'),
  region: regionCode().describe(
    'The AWS region of the secrets, as a region code (us-east-2), not a name ("US East (Ohio)").',
  ),
  endpoint: serviceUrl()
    .optional()
    .describe(
      'Overrides the Secrets Manager endpoint: a VPC endpoint, a FIPS endpoint, or a local emulator (http only on localhost). Parameter Store calls use it too, unless it is a Secrets Manager host.',
    ),
  accountId: accountId.optional(),
  kmsKeyArns: kmsKeyArns.optional(),
  instanceMetadata: instanceMetadataSchema.optional(),
  cache: cacheSchema,
};

const roleChainLink = z
  .strictObject({
    roleArn: roleArn('the ARN of the next role').describe(
      "The role to assume next, with the previous role's credentials.",
    ),
    externalId: externalId.optional(),
    sessionName: sessionName.optional(),
  })
  .describe('One more role to assume, with the credentials of the role before it.');

export const roleBasedVaultSchema = z
  .strictObject({
    ...common,
    authType: z.literal('role-based').describe('Assume an IAM role with STS.'),
    iamRole: roleArn('the ARN of the role vaultline assumes').describe(
      'The ARN of the IAM role vaultline assumes with STS AssumeRole.',
    ),
    externalId: externalId.optional(),
    sessionName: sessionName.optional(),
    durationSeconds: integer(900, 43_200, 'seconds')
      .default(3600)
      .describe('How long the assumed-role credentials last (AssumeRole DurationSeconds).'),
    stsEndpoint: serviceUrl()
      .optional()
      .describe(
        'Overrides the STS endpoint used for AssumeRole, e.g. https://sts.us-east-2.amazonaws.com.',
      ),
    stsEndpointRegion: regionCode()
      .optional()
      .describe('The region that requests to stsEndpoint are signed for.'),
    sourceCredentials: z
      .enum(['instance-profile', 'default-chain'], {
        error: "must be 'instance-profile' or 'default-chain'",
      })
      .default('instance-profile')
      .describe('Where the credentials that call AssumeRole come from.'),
    sourcePrincipalArn: sourcePrincipalArn.optional(),
    roleChain: z
      .array(roleChainLink)
      .max(10, { error: 'roleChain holds at most 10 roles' })
      .optional()
      .describe('Roles assumed in order after iamRole (role chaining).'),
  })
  .describe('Assume an IAM role with STS, starting from instance or SDK-chain credentials.');

export const instanceProfileVaultSchema = z
  .strictObject({
    ...common,
    authType: z.literal('instance-profile').describe('The EC2 instance profile.'),
  })
  .describe("Use the EC2 instance profile's credentials from the instance metadata service.");

const needsBoth = (field: string, other: string) => (issue: { input?: unknown }) =>
  issue.input === undefined
    ? `access-key authentication needs both accessKeyId and secretAccessKey: ${field} is missing (${other} is not enough on its own)`
    : 'must be a string';

export const accessKeyVaultSchema = z
  .strictObject({
    ...common,
    authType: z.literal('access-key').describe('Static access keys.'),
    accessKeyId: z
      .string({ error: needsBoth('accessKeyId', 'secretAccessKey') })
      .regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, {
        error:
          'an access key id is AKIA (long-term) or ASIA (temporary) followed by 16 capital letters or digits',
      })
      .describe('The access key id: AKIA… for a long-term key, ASIA… for temporary credentials.'),
    // Messages here never echo the value.
    secretAccessKey: z
      .string({ error: needsBoth('secretAccessKey', 'accessKeyId') })
      .check((ctx) => {
        if (ctx.value.length !== 40) {
          ctx.issues.push({
            code: 'custom',
            input: '[REDACTED]',
            message: `a secret access key is 40 characters; this one has ${ctx.value.length}`,
          });
        }
      })
      .describe(
        'The secret access key (40 characters). Prefer VAULTLINE_SECRET_ACCESS_KEY to keeping it in a file.',
      ),
    sessionToken: z
      .string({ error: 'must be a string' })
      .min(1, { error: 'sessionToken is empty; remove it or give the token' })
      .optional()
      .describe('The session token that comes with temporary (ASIA…) credentials.'),
  })
  .describe('Static access keys. For development only; prefer roles.');

export const defaultChainVaultSchema = z
  .strictObject({
    ...common,
    authType: z.literal('default-chain').describe("The AWS SDK's default credential chain."),
  })
  .describe(
    "The AWS SDK's default credential chain (environment, shared config and SSO, web identity, containers, instance metadata): for development and containers.",
  );

export const vaultConfigSchema = z
  .discriminatedUnion(
    'authType',
    [
      roleBasedVaultSchema,
      instanceProfileVaultSchema,
      accessKeyVaultSchema,
      defaultChainVaultSchema,
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union' &&
        issue.input !== undefined &&
        typeof issue.input === 'object'
          ? `authType must be one of ${AUTH_TYPES.join(', ')}`
          : undefined,
    },
  )
  .describe('Where secrets live and how vaultline authenticates to it.');

// ---- connections --------------------------------------------------------------------------

const secretReferenceObject = z
  .strictObject({
    secret: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: a reference such as "prod/orders/db:password"'
            : 'expected a reference string such as "prod/orders/db:password"',
      })
      .check((ctx) => {
        const parsed = parseSecretReference(ctx.value);
        if (!parsed.ok)
          ctx.issues.push({ code: 'custom', input: ctx.value, message: parsed.error.message });
      })
      .describe('A secret reference: <name or ARN>[:<json key>[:<version stage>[:<version id>]]].'),
  })
  .describe('A property whose value comes from a secret.');

const parameterReferenceObject = z
  .strictObject({
    parameter: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: a parameter name such as "/prod/orders/db/host"'
            : 'expected a parameter name such as "/prod/orders/db/host"',
      })
      .check((ctx) => {
        const parsed = parseParameterReference(ctx.value);
        if (!parsed.ok)
          ctx.issues.push({ code: 'custom', input: ctx.value, message: parsed.error.message });
      })
      .describe(
        'A Parameter Store reference: <name or parameter ARN>[:<version>|:<label>]; SecureString values are decrypted.',
      ),
    as: z
      .literal('list', { error: 'as: expected "list" (a StringList as an array), or leave it out' })
      .optional()
      .describe(
        'How to give the value: "list" gives a StringList as an array of its items; without it, the text (a StringList comma-separated).',
      ),
  })
  .describe('A property whose value comes from a Parameter Store parameter.');

const literalString = z
  .string()
  .check((ctx) => {
    const parsed = parseInterpolatedValue(ctx.value);
    if (!parsed.ok) {
      for (const message of parsed.errors)
        ctx.issues.push({ code: 'custom', input: ctx.value, message });
    }
  })
  .describe(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder syntax, not a template
    'A literal value; ${secret:<reference>} and ${ssm:<parameter>} placeholders inside it are replaced by secret and parameter values.',
  );

export const connectionPropertySchema = z.union(
  [literalString, z.number(), z.boolean(), secretReferenceObject, parameterReferenceObject],
  {
    error:
      'a connection property is a string, a number, a boolean, { secret: "<reference>" } or { parameter: "<parameter name>" }',
  },
);

const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

const PROPERTY_NAME_MESSAGE =
  'a property name is 1 to 128 letters, digits or _ . - and starts with a letter, digit or _';

export const connectionConfigSchema = z
  .record(
    z.string().regex(NAME_PATTERN, { error: PROPERTY_NAME_MESSAGE }),
    connectionPropertySchema,
  )
  .describe('A named set of connection properties: literals and secret references.');

const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A connection's `env:` map: environment variable name -> property name. */
export const connectionEnvSchema = z
  .record(
    z.string().regex(ENV_NAME_PATTERN, {
      error:
        'an environment variable name is letters, digits and _ and does not begin with a digit (PGPASSWORD)',
    }),
    z.string({ error: 'expected the name of a property of this connection, such as password' }),
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'env is the map of environment variable names of this connection (env: { PGPASSWORD: password }), so no property may be called env'
          : undefined,
    },
  )
  .describe(
    'Environment variable names for `vaultline exec` and `vaultline resolve --format env`, NAME: property (env: { PGPASSWORD: password }). When given, exactly these variables are set, named as written.',
  );

// In the file, a connection holds its properties and, optionally, its `env:` map; the
// parsed config keeps the two apart (connections, connectionEnv), so code that walks a
// connection's properties never meets the map.
// Typed by hand: zod infers `{ [k]: property; env?: map }`, whose emitted .d.ts breaks a
// consumer's strict type check (TS2411: env does not fit the index signature).
type ConnectionEntry = {
  [key: string]:
    | z.output<typeof connectionPropertySchema>
    | z.output<typeof connectionEnvSchema>
    | undefined;
};
type ConnectionEntryInput = {
  [key: string]:
    | z.input<typeof connectionPropertySchema>
    | z.input<typeof connectionEnvSchema>
    | undefined;
};
export const connectionEntrySchema: z.ZodType<ConnectionEntry, ConnectionEntryInput> = z
  .object({ env: connectionEnvSchema.optional() })
  .catchall(connectionPropertySchema)
  .check((ctx) => {
    const { env, ...properties } = ctx.value;
    for (const key of Object.keys(properties)) {
      if (!NAME_PATTERN.test(key)) {
        ctx.issues.push({
          code: 'custom',
          input: key,
          path: [key],
          message: PROPERTY_NAME_MESSAGE,
        });
      }
    }
    const known = Object.keys(properties);
    for (const [variable, property] of Object.entries(env ?? {})) {
      if (!Object.hasOwn(properties, property)) {
        ctx.issues.push({
          code: 'custom',
          input: property,
          path: ['env', variable],
          message: `'${property.slice(0, 60)}' is not a property of this connection: expected one of ${known.join(', ') || '(none)'}`,
        });
      }
    }
  })
  .meta({ propertyNames: { pattern: NAME_PATTERN.source } })
  .describe(
    'A named set of connection properties (literals and secret references), and optionally env: the names of their environment variables.',
  );

/** Moves each connection's `env:` map out of its properties, into `connectionEnv`. */
function separateEnvMaps<T extends { connections: Record<string, ConnectionEntry> }>(
  config: T,
): Omit<T, 'connections'> & {
  connections: Record<string, z.output<typeof connectionConfigSchema>>;
  connectionEnv?: Record<string, z.output<typeof connectionEnvSchema>>;
} {
  const connections: Record<string, z.output<typeof connectionConfigSchema>> = {};
  const connectionEnv: Record<string, z.output<typeof connectionEnvSchema>> = {};
  for (const [name, { env, ...properties }] of Object.entries(config.connections)) {
    connections[name] = properties as z.output<typeof connectionConfigSchema>;
    if (env) connectionEnv[name] = env as z.output<typeof connectionEnvSchema>;
  }
  return {
    ...config,
    connections,
    ...(Object.keys(connectionEnv).length > 0 ? { connectionEnv } : {}),
  };
}

/** A connection's name, as the key of `connections`. */
export const connectionNameSchema = z.string().regex(NAME_PATTERN, {
  error:
    'a connection name is 1 to 128 letters, digits or _ . - and starts with a letter, digit or _',
});

/**
 * The file form of a config that was parsed already: each `connectionEnv` map back inside its
 * connection as `env:`, so parsing a parsed config (as `diagnose` does with the CLI's) gives
 * it back instead of refusing `connectionEnv`. Anything else passes through unchanged.
 *
 * @example
 * joinEnvMaps({ vault, connections: { db: { password } }, connectionEnv: { db: { PGPASSWORD: 'password' } } });
 * // { vault, connections: { db: { password, env: { PGPASSWORD: 'password' } } } }
 */
export function joinEnvMaps(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || !('connectionEnv' in input)) return input;
  const { connectionEnv, ...rest } = input as Record<string, unknown>;
  const connections = (rest.connections ?? {}) as Record<string, Record<string, unknown>>;
  if (connectionEnv === null || typeof connectionEnv !== 'object') return input;
  const joined = Object.fromEntries(
    Object.entries(connections).map(([name, properties]) => {
      const env = (connectionEnv as Record<string, unknown>)[name];
      return [name, env === undefined ? properties : { ...properties, env }];
    }),
  );
  return { ...rest, connections: joined };
}

export const vaultlineConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
    vault: vaultConfigSchema,
    connections: z
      .record(connectionNameSchema, connectionEntrySchema)
      .default({})
      .describe('Named connections whose properties reference secrets.'),
  })
  .transform(separateEnvMaps)
  .describe('A vaultline configuration file (vaultline.yaml).');

// ---- types --------------------------------------------------------------------------------

export type RoleBasedVault = z.output<typeof roleBasedVaultSchema>;
export type InstanceProfileVault = z.output<typeof instanceProfileVaultSchema>;
export type AccessKeyVault = z.output<typeof accessKeyVaultSchema>;
export type DefaultChainVault = z.output<typeof defaultChainVaultSchema>;
export type VaultConfig = z.output<typeof vaultConfigSchema>;
export type CacheConfig = VaultConfig['cache'];
export type InstanceMetadataConfig = NonNullable<VaultConfig['instanceMetadata']>;
export type RoleChainLink = NonNullable<RoleBasedVault['roleChain']>[number];
export type ConnectionProperty = z.output<typeof connectionPropertySchema>;
export type ConnectionConfig = z.output<typeof connectionConfigSchema>;
/** A connection's environment variable names (its `env:` map): NAME -> property. */
export type ConnectionEnv = z.output<typeof connectionEnvSchema>;
export type VaultlineConfig = z.output<typeof vaultlineConfigSchema>;
/** What a config file may contain: defaults not yet applied. */
export type VaultlineConfigInput = z.input<typeof vaultlineConfigSchema>;

/** The keys each authentication type accepts besides the common ones. */
export const AUTH_TYPE_KEYS: Readonly<Record<AuthType, readonly string[]>> = {
  'role-based': Object.keys(roleBasedVaultSchema.shape),
  'instance-profile': Object.keys(instanceProfileVaultSchema.shape),
  'access-key': Object.keys(accessKeyVaultSchema.shape),
  'default-chain': Object.keys(defaultChainVaultSchema.shape),
};

const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 97)}...` : text);
