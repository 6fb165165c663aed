import { isRegionCode, labelProblem, validateParameterName } from '@vaultline/secret-names';
import { z } from 'zod';

const ACCOUNT_MESSAGE =
  'an account id is 12 digits written as a string: quote it in YAML ("111122223333") so leading zeros survive';
const ACCOUNT_ID = z.string({ error: ACCOUNT_MESSAGE }).regex(/^\d{12}$/, ACCOUNT_MESSAGE);
const REGION = z.string().refine(isRegionCode, 'expected a region code such as us-east-2');

const statement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: z.union([z.string(), z.array(z.string())]).optional(),
    NotAction: z.union([z.string(), z.array(z.string())]).optional(),
    Resource: z.union([z.string(), z.array(z.string())]).optional(),
    NotResource: z.union([z.string(), z.array(z.string())]).optional(),
    Principal: z.any().optional(),
    NotPrincipal: z.any().optional(),
    Condition: z.record(z.string(), z.record(z.string(), z.any())).optional(),
  })
  .refine((s) => s.Action !== undefined || s.NotAction !== undefined, {
    message: 'a statement needs Action or NotAction',
  });

/** An IAM policy document as written in a scenario (same JSON shape as in AWS). */
export const policyDocumentSchema = z.object({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.union([statement, z.array(statement)]),
});

const accountRef = ACCOUNT_ID.optional().describe(
  'Owning account; defaults to the first account of the scenario',
);

const versionSchema = z.object({
  value: z.string().optional().describe('SecretString of this version'),
  binary: z.string().optional().describe('SecretBinary of this version, base64'),
  stages: z.array(z.string()).default([]).describe('Staging labels, e.g. [AWSPREVIOUS]'),
});

const rotationSchema = z
  .object({
    lambdaArn: z
      .string()
      .optional()
      .describe(
        "RotationLambdaARN shown by DescribeSecret (never invoked); default a function named vaultline-emulator-rotation in the secret's account and region",
      ),
    automaticallyAfterDays: z.number().int().min(1).max(1000).optional(),
    scheduleExpression: z
      .string()
      .regex(
        /^rate\(\s*\d+\s+(day|days|hour|hours)\s*\)$/,
        'the emulator evaluates rate(N days) and rate(N hours) expressions',
      )
      .optional(),
    duration: z
      .string()
      .regex(/^\d+h$/, 'a rotation window looks like 3h')
      .optional(),
    lastRotatedDate: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('ISO 8601; the schedule counts from here (default: when the scenario loads)'),
    values: z
      .array(z.string())
      .default([])
      .describe('SecretString values the next emulated rotations take, in order; then generated'),
  })
  .refine((r) => !(r.automaticallyAfterDays !== undefined && r.scheduleExpression !== undefined), {
    message: 'rotation has either automaticallyAfterDays or scheduleExpression, not both',
  })
  .describe(
    'Rotation turned on (with a schedule) or only prepared values for RotateSecret (without one)',
  );

const parameterLabels = z
  .array(
    z.string().superRefine((label, ctx) => {
      const problem = labelProblem(label);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  )
  .max(10, 'a parameter version can have at most 10 labels')
  .default([]);

const parameterSchema = z
  .object({
    name: z.string().superRefine((name, ctx) => {
      for (const violation of validateParameterName(name, { purpose: 'write' }).violations) {
        ctx.addIssue({ code: 'custom', message: violation.message });
      }
    }),
    account: accountRef,
    region: REGION.optional(),
    type: z.enum(['String', 'StringList', 'SecureString']).default('String'),
    value: z.string().min(1).max(4096).describe('The current version; StringList: comma-separated'),
    kmsKey: z
      .string()
      .optional()
      .describe(
        'SecureString only: key id, alias or ARN; default the AWS managed key alias/aws/ssm',
      ),
    description: z.string().optional(),
    labels: parameterLabels.describe('Labels of the current version'),
    versions: z
      .array(z.object({ value: z.string().min(1).max(4096), labels: parameterLabels }))
      .default([])
      .describe('Older versions, oldest first (versions 1, 2, ...); the current one comes last'),
    tier: z.enum(['Standard', 'Advanced']).default('Standard'),
    sharedWith: z
      .array(ACCOUNT_ID)
      .default([])
      .describe('Accounts the parameter is shared with (AWS RAM); needs tier Advanced'),
  })
  .refine((p) => p.kmsKey === undefined || p.type === 'SecureString', {
    message: 'kmsKey applies to SecureString parameters only',
  })
  .refine((p) => p.sharedWith.length === 0 || p.tier === 'Advanced', {
    message: 'only advanced-tier parameters can be shared with other accounts: set tier: Advanced',
  });

/**
 * The zod schema of a scenario file; the single source of truth for its format.
 *
 * @example
 * const result = scenarioSchema.safeParse({ accounts: [{ id: '111122223333' }] });
 * result.success; // true
 */
export const scenarioSchema = z.object({
  version: z.literal(1).default(1),
  defaultRegion: REGION.default('us-east-1').describe('Region of entries that name none'),
  accounts: z
    .array(z.object({ id: ACCOUNT_ID, alias: z.string().optional() }))
    .min(1, 'a scenario needs at least one account'),
  users: z
    .array(
      z.object({
        name: z.string().min(1),
        account: accountRef,
        accessKeyId: z
          .string()
          .regex(/^AKIA[A-Z0-9]{12,124}$/, 'a long-term access key id starts with AKIA')
          .optional()
          .describe('Omit to have one generated when the scenario loads'),
        secretAccessKey: z.string().min(16).optional(),
        policies: z.array(policyDocumentSchema).default([]),
      }),
    )
    .default([]),
  roles: z
    .array(
      z.object({
        name: z.string().min(1),
        account: accountRef,
        path: z.string().default('/'),
        trustPolicy: policyDocumentSchema,
        policies: z.array(policyDocumentSchema).default([]),
        maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
      }),
    )
    .default([]),
  instanceProfile: z
    .object({
      roleName: z.string().min(1),
      account: accountRef,
      region: REGION.optional(),
      imdsV1Allowed: z.boolean().default(false),
      instanceId: z.string().default('i-0emulator00000001'),
    })
    .optional(),
  kmsKeys: z
    .array(
      z.object({
        id: z.string().uuid().optional().describe('Key id; generated when omitted'),
        account: accountRef,
        region: REGION.optional(),
        alias: z
          .string()
          .regex(/^alias\/[a-zA-Z0-9/_-]+$/, "an alias looks like 'alias/my-key'")
          .optional(),
        description: z.string().default(''),
        policy: policyDocumentSchema
          .optional()
          .describe(
            "Key policy; the default grants the key's account root, as AWS's default policy does",
          ),
        enabled: z
          .boolean()
          .default(true)
          .describe(
            'false: the key is disabled (KeyState Disabled); secrets under it fail with DecryptionFailure',
          ),
      }),
    )
    .default([]),
  secrets: z
    .array(
      z
        .object({
          name: z.string().min(1),
          account: accountRef,
          region: REGION.optional(),
          description: z.string().optional(),
          value: z.string().optional().describe('SecretString of the current version'),
          binary: z.string().optional().describe('SecretBinary of the current version, base64'),
          kmsKey: z
            .string()
            .optional()
            .describe('Key id, alias or ARN; default the AWS managed key aws/secretsmanager'),
          resourcePolicy: policyDocumentSchema.optional(),
          tags: z.record(z.string(), z.string()).default({}),
          versions: z.array(versionSchema).default([]).describe('Older versions with their stages'),
          rotation: rotationSchema.optional(),
        })
        .refine((s) => !(s.value !== undefined && s.binary !== undefined), {
          message: 'a secret has either value (SecretString) or binary (SecretBinary), not both',
        }),
    )
    .default([]),
  parameters: z
    .array(parameterSchema)
    .default([])
    .describe('Parameter Store parameters (String, StringList, SecureString)'),
});

/** A validated scenario, with defaults applied. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
