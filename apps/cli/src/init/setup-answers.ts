import {
  fieldCheck,
  setIf,
  type VaultAnswers,
  type VaultQuestionContext,
} from './vault-answers.js';

const hasAny = (...values: (string | undefined)[]): boolean =>
  values.some((value) => value !== undefined);

/**
 * Role-based from an instance: the instance's role, which the role's trust policy must name
 * (without it, the printed trust policy cannot let the instance in). Kept in the config so
 * `policy` and `doctor` use it too.
 */
async function askSourcePrincipal(context: VaultQuestionContext, answers: VaultAnswers) {
  const { vault } = answers;
  if (answers.authType !== 'role-based') return;
  const fromInstance = vault.sourceCredentials !== 'default-chain';
  const text = fromInstance
    ? "ARN of the EC2 instance's role, which the trust policy must let in (empty: skip)"
    : 'ARN of the role or user behind the default chain, which the trust policy must let in (empty: skip)';
  setIf(
    vault,
    'sourcePrincipalArn',
    await context.source.value({
      flag: '--instance-role-arn',
      given: context.options.instanceRoleArn,
      text,
      check: fieldCheck(context, 'role-based', 'sourcePrincipalArn'),
    }),
  );
}

/** Secrets in another account: they are read by ARN and need a customer managed KMS key. */
async function askCrossAccount(context: VaultQuestionContext, answers: VaultAnswers) {
  const { source, options } = context;
  const { vault, authType } = answers;
  if (authType !== 'role-based') {
    setIf(
      vault,
      'accountId',
      await source.value({
        flag: '--account-id',
        given: options.accountId,
        text: 'Your AWS account id, 12 digits, to tell your secrets from shared ones (empty: skip)',
        check: fieldCheck(context, authType, 'accountId'),
      }),
    );
  } else setIf(vault, 'accountId', options.accountId);
  const crossAccount = await source.confirm(
    'Are some secrets in another AWS account (shared with yours)?',
    hasAny(options.kmsKeyArn),
  );
  if (!crossAccount) return;
  const check = fieldCheck(context, authType, 'kmsKeyArns');
  const key = await source.value({
    flag: '--kms-key-arn',
    given: options.kmsKeyArn,
    text: 'ARN of the customer managed KMS key those secrets are encrypted with (arn:aws:kms:<region>:<account>:key/<id>; empty: skip)',
    check: (answer) => check([answer] as never),
  });
  if (key) vault.kmsKeyArns = [key];
}

/** Endpoints, asked only when the user says the defaults do not fit (VPC endpoints, an emulator). */
async function askEndpoints(context: VaultQuestionContext, answers: VaultAnswers) {
  const { source, options } = context;
  const { vault, authType } = answers;
  const given = hasAny(
    options.endpoint,
    options.stsEndpoint,
    options.stsEndpointRegion,
    options.instanceMetadataEndpoint,
  );
  if (
    !(await source.confirm(
      'Use other endpoints than AWS defaults (VPC endpoints, an emulator)?',
      given,
    ))
  )
    return;
  const ask = (flag: string, given: string | undefined, text: string, field: string) =>
    source.value({ flag, given, text, check: fieldCheck(context, authType, field) });
  setIf(
    vault,
    'endpoint',
    await ask(
      '--endpoint',
      options.endpoint,
      'Secrets Manager endpoint URL (empty: the default)',
      'endpoint',
    ),
  );
  if (authType === 'role-based') {
    const sts = await ask(
      '--sts-endpoint',
      options.stsEndpoint,
      'STS endpoint URL (empty: the default)',
      'stsEndpoint',
    );
    setIf(vault, 'stsEndpoint', sts);
    if (sts) {
      setIf(
        vault,
        'stsEndpointRegion',
        await ask(
          '--sts-endpoint-region',
          options.stsEndpointRegion,
          'Region the STS requests are signed for (empty: the vault region)',
          'stsEndpointRegion',
        ),
      );
    }
  }
  const fromInstance =
    authType === 'instance-profile' ||
    (authType === 'role-based' && vault.sourceCredentials !== 'default-chain');
  if (fromInstance || options.instanceMetadataEndpoint) {
    const imds = await ask(
      '--instance-metadata-endpoint',
      options.instanceMetadataEndpoint,
      'Instance metadata endpoint URL (empty: http://169.254.169.254)',
      'instanceMetadata.endpoint',
    );
    if (imds) vault.instanceMetadata = { endpoint: imds };
  }
}

/**
 * The questions the chosen setup needs beyond signing in: the principal the trust policy
 * names, the KMS key of secrets in another account, and endpoints when asked for.
 *
 * @example
 * await askSetup(context, answers); // adds sourcePrincipalArn, kmsKeyArns, endpoint… to answers.vault
 */
export async function askSetup(
  context: VaultQuestionContext,
  answers: VaultAnswers,
): Promise<void> {
  await askSourcePrincipal(context, answers);
  await askCrossAccount(context, answers);
  await askEndpoints(context, answers);
}
