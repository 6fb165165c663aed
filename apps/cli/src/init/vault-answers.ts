import type { AuthType, checkVaultField } from '@vaultline/config';
import { CliError } from '../errors.js';
import { AUTH_TYPE_NAMES as AUTH_TYPES } from '../lazy.js';
import type { AnswerSource } from './answer-source.js';
import type { InitOptions } from './init-options.js';
import type { AnswerCheck, Choice } from './prompter.js';
import { readSecretKey, type SecretKeyInput } from './secret-key-input.js';

/** The vault section as written, and what init reports about it. */
export interface VaultAnswers {
  vault: Record<string, unknown>;
  authType: AuthType;
  secretKey?: SecretKeyInput;
}

/** What the vault questions need besides the answers: flags, environment, the field checks. */
export interface VaultQuestionContext {
  source: AnswerSource;
  options: InitOptions;
  region: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  stdin: NodeJS.ReadableStream;
  checkField: typeof checkVaultField;
}

const AUTH_CHOICES: readonly Choice[] = [
  { value: 'role-based', description: 'assume an IAM role with STS (the usual choice on AWS)' },
  { value: 'instance-profile', description: "the EC2 instance's own role" },
  { value: 'access-key', description: 'static access keys (development only)' },
  {
    value: 'default-chain',
    description: "the AWS SDK's default chain (environment, SSO, containers)",
  },
];

const SOURCE_CHOICES: readonly Choice[] = [
  { value: 'instance-profile', description: "the EC2 instance's role calls AssumeRole" },
  { value: 'default-chain', description: "the AWS SDK's default chain calls AssumeRole" },
];

/** A check of one vault field with the rules `validate` uses. */
export const fieldCheck =
  (context: VaultQuestionContext, authType: AuthType, field: string): AnswerCheck =>
  (answer) => {
    const result = context.checkField(authType, field, answer);
    return result.ok ? undefined : result.message;
  };

/** Sets a field only when it has a value, so the file holds what was chosen and no more. */
export const setIf = (vault: Record<string, unknown>, field: string, value: unknown): void => {
  if (value !== undefined && value !== '') vault[field] = value;
};

async function askAuthType(context: VaultQuestionContext): Promise<AuthType> {
  const authType = await context.source.choose(
    {
      flag: '--auth-type',
      given: context.options.authType,
      text: 'Authentication type: how vaultline signs in to AWS',
      default: 'role-based',
    },
    AUTH_CHOICES,
  );
  if (!(AUTH_TYPES as readonly string[]).includes(authType ?? '')) {
    throw new CliError(
      'USAGE',
      `--auth-type must be one of ${AUTH_TYPES.join(', ')}; received '${authType}'`,
      { hint: 'role-based is the usual choice on AWS' },
    );
  }
  return authType as AuthType;
}

async function askRoleBased(
  context: VaultQuestionContext,
  vault: Record<string, unknown>,
): Promise<void> {
  const { source, options } = context;
  const check = (field: string) => fieldCheck(context, 'role-based', field);
  vault.iamRole = await source.value({
    flag: '--iam-role',
    given: options.iamRole,
    text: 'IAM role vaultline assumes (arn:aws:iam::<account>:role/<name>)',
    required: true,
    check: check('iamRole'),
  });
  setIf(
    vault,
    'externalId',
    await source.value({
      flag: '--external-id',
      given: options.externalId,
      text: "External id the role's trust policy requires (empty: none)",
      check: check('externalId'),
    }),
  );
  setIf(vault, 'sessionName', options.sessionName);
  const sourceCredentials = await source.choose(
    {
      flag: '--source-credentials',
      given: options.sourceCredentials,
      text: 'Where the credentials that assume the role come from',
      ...(source.interactive ? { default: 'instance-profile' } : {}),
    },
    SOURCE_CHOICES,
  );
  setIf(vault, 'sourceCredentials', sourceCredentials);
}

async function askAccessKey(
  context: VaultQuestionContext,
  vault: Record<string, unknown>,
): Promise<SecretKeyInput | undefined> {
  const { source, options } = context;
  vault.accessKeyId = await source.value({
    flag: '--access-key-id',
    given: options.accessKeyId ?? context.env.AWS_ACCESS_KEY_ID,
    text: 'Access key id (AKIA… or ASIA…)',
    required: true,
    check: fieldCheck(context, 'access-key', 'accessKeyId'),
  });
  // With --yes, name every missing flag at once, the key's among them; when the key is all
  // that is missing, readSecretKey says how to give it (and about AWS_SECRET_ACCESS_KEY).
  const keyGiven = options.secretAccessKeyStdin || options.secretAccessKeyEnv !== undefined;
  source.finish(keyGiven ? undefined : { flag: '--secret-access-key-env', placeholder: 'NAME' });
  const secretKey = await readSecretKey(options, {
    yes: !source.interactive,
    env: context.env,
    stdin: context.stdin,
    ask: source.prompter,
  });
  vault.secretAccessKey = secretKey.value;
  return secretKey;
}

/**
 * Asks (or takes from flags) how vaultline signs in: the auth type, the region, and what
 * that type needs. Each answer is checked with `validate`'s own rules as it is typed.
 *
 * @example
 * const { vault, authType } = await askVault(context);
 */
export async function askVault(context: VaultQuestionContext): Promise<VaultAnswers> {
  const { source, options } = context;
  const authType = await askAuthType(context);
  const region = await source.value({
    flag: '--region',
    given: context.region,
    text: 'AWS region of the secrets (a code such as us-east-2)',
    required: true,
    check: fieldCheck(context, authType, 'region'),
  });
  const vault: Record<string, unknown> = { type: 'aws-secrets-manager', authType, region };
  if (authType === 'role-based') await askRoleBased(context, vault);
  if (authType !== 'access-key' && (options.secretAccessKeyStdin || options.secretAccessKeyEnv)) {
    throw new CliError(
      'USAGE',
      `--secret-access-key-${options.secretAccessKeyStdin ? 'stdin' : 'env'} is for --auth-type access-key, not ${authType}`,
      { hint: 'leave it out: this authentication type keeps no key in the file' },
    );
  }
  const secretKey = authType === 'access-key' ? await askAccessKey(context, vault) : undefined;
  return { vault, authType, ...(secretKey ? { secretKey } : {}) };
}
