import type { AuthVaultInput } from '@vaultline/auth';
import { parseConfig, type VaultlineConfig } from '@vaultline/config';
import { createDiagnoseClients } from './clients.js';
import { type AgentSession, checkIdentity } from './identity.js';
import { checkParameter } from './parameter-checks.js';
import { collectTargets, type SecretTarget, type Targets } from './references.js';
import { otherRegionFix } from './region-fix.js';
import { StepRunner } from './runner.js';
import { checkList, checkSecret } from './secret-checks.js';
import type { DiagnoseOptions, DiagnoseReport } from './types.js';

/**
 * Runs vaultline's setup checks in order and says, for each, what it found and what to do:
 * the config is valid; credentials can be obtained; who they belong to
 * (sts:GetCallerIdentity); AssumeRole (role-based); ListSecrets; then per referenced secret
 * the region rule, DescribeSecret, kms:DescribeKey on its key (secrets in another account)
 * and GetSecretValue; per referenced parameter GetParameters (the region and cross-account
 * rules, the version or label) and, for a SecureString, its decryption through Parameter
 * Store. A failing check names the setup step and the exact document from
 * @vaultline/policies (id, statement and JSON) that fixes it. Never throws for a setup
 * problem, and no finding ever contains a secret value or a secret access key.
 *
 * @example
 * const report = await diagnose(rawConfig, {
 *   onStep: (event) => event.phase === 'finish' && console.log(event.step.status, event.step.title),
 * });
 * for (const step of report.steps.filter((s) => s.status === 'fail')) {
 *   console.log(step.finding, step.remedy, JSON.stringify(step.document?.json, null, 2));
 * }
 */
export async function diagnose(
  config: unknown,
  options: DiagnoseOptions = {},
): Promise<DiagnoseReport> {
  const runner = new StepRunner(options.onStep, options.signal);
  const { parsed, targets } = await checkConfig(config, options, runner);
  if (!parsed) {
    await skipAll(runner, targets, 'skipped: the configuration is invalid');
    return report(runner);
  }
  const vault = parsed.vault;
  runner.protect('secretAccessKey' in vault ? vault.secretAccessKey : undefined);
  runner.protect('sessionToken' in vault ? vault.sessionToken : undefined);

  const session: AgentSession | undefined = await checkIdentity(
    vault as AuthVaultInput & typeof vault,
    options,
    runner,
  );
  if (!session) {
    await runner.skip(
      'list-secrets',
      'List permission (secretsmanager:ListSecrets)',
      undefined,
      'skipped: not signed in',
    );
    await skipSecrets(runner, targets, 'skipped: not signed in');
    return report(runner);
  }
  const clients = createDiagnoseClients(vault, session.credentials, options);
  try {
    await checkList(clients, session, runner, options.signal);
    const accounts = accountsNamedBy(vault, targets.targets);
    if ('kmsKeyArns' in vault && vault.kmsKeyArns) session.facts.kmsKeyArns = vault.kmsKeyArns;
    for (const target of targets.targets)
      await checkSecret(target, clients, session, runner, accounts, options.signal);
    for (const target of targets.parameters)
      await checkParameter(target, clients, session, runner, options.signal);
  } finally {
    clients.destroy();
  }
  return report(runner);
}

/**
 * The config step: `parseConfig`, then the secrets to check. `parsed` is undefined when the
 * step failed; `targets` are those found even then, to be reported as skipped.
 */
async function checkConfig(
  config: unknown,
  options: DiagnoseOptions,
  runner: StepRunner,
): Promise<{ parsed: VaultlineConfig | undefined; targets: Targets }> {
  let parsed: VaultlineConfig | undefined;
  let targets: Targets = { targets: [], parameters: [], problems: [] };
  const step = await runner.run('config', 'Configuration is valid', undefined, async () => {
    const result = parseConfig(config, options.parse);
    if (!result.ok) {
      const fix = otherRegionFix(config);
      return {
        status: 'fail',
        problem: 'CONFIG_INVALID',
        finding: `the configuration is invalid: ${result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        remedy: `Fix each listed setting (vaultline validate shows them with their lines), then run diagnose again.${fix ? ' For a secret in another region: replicate it into vault.region and reference the replica (the fix has the commands).' : ''}`,
        fix,
      };
    }
    parsed = result.config;
    targets = collectTargets(
      result.config,
      options.connections,
      options.secrets,
      options.parameters,
    );
    if (targets.problems.length > 0) {
      return {
        status: 'fail',
        problem: 'CONFIG_INVALID',
        finding: targets.problems.join('; '),
        remedy: 'Name existing connections and valid secret and parameter references.',
      };
    }
    const warnings = result.warnings.map((w) => `${w.path}: ${w.message}`);
    const scope = scopeOf(targets);
    return warnings.length > 0
      ? {
          status: 'warn',
          problem: 'CONFIG_WARNINGS',
          finding: `valid, with warnings: ${warnings.join('; ')} (${scope})`,
          remedy: 'Review the warnings; each says what to change.',
        }
      : {
          status: 'pass',
          finding: `valid: authType ${result.config.vault.authType}, region ${result.config.vault.region} (${scope})`,
        };
  });
  return { parsed: step.status === 'fail' ? undefined : parsed, targets };
}

/** `2 secrets and 3 parameters to check`; parameters only when there are some. */
function scopeOf(targets: Targets): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const parameters = targets.parameters.length;
  const secrets = count(targets.targets.length, 'secret');
  return `${parameters > 0 ? `${secrets} and ${count(parameters, 'parameter')}` : secrets} to check`;
}

/** The accounts the config names: of its KMS key ARNs and its secret ARNs. */
function accountsNamedBy(vault: VaultlineConfig['vault'], targets: SecretTarget[]): string[] {
  const keys = ('kmsKeyArns' in vault ? (vault.kmsKeyArns ?? []) : []) as string[];
  const accounts = [
    ...keys.map((arn) => arn.split(':')[4] ?? ''),
    ...targets.map((target) => target.reference.arn?.accountId ?? ''),
  ];
  return [...new Set(accounts.filter((account) => /^\d{12}$/.test(account)))];
}

const report = (runner: StepRunner): DiagnoseReport => ({
  ok: runner.steps.every((step) => step.status !== 'fail' && step.problem !== 'CANCELLED'),
  steps: runner.steps,
});

async function skipAll(runner: StepRunner, targets: Targets, reason: string): Promise<void> {
  await runner.skip('credentials', 'Credentials can be obtained', undefined, reason);
  await runner.skip(
    'caller-identity',
    'Caller identity (sts:GetCallerIdentity)',
    undefined,
    reason,
  );
  await runner.skip(
    'list-secrets',
    'List permission (secretsmanager:ListSecrets)',
    undefined,
    reason,
  );
  await skipSecrets(runner, targets, reason);
}

/** The per-secret and per-parameter steps, reported as skipped. */
async function skipSecrets(runner: StepRunner, targets: Targets, reason: string): Promise<void> {
  for (const target of targets.targets) {
    await runner.skip(
      'describe-secret',
      `DescribeSecret ${target.secretId}`,
      target.secretId,
      reason,
    );
    await runner.skip('read-secret', `GetSecretValue ${target.secretId}`, target.secretId, reason);
  }
  for (const { parameterId } of targets.parameters) {
    await runner.skip('read-parameter', `GetParameters ${parameterId}`, { parameterId }, reason);
  }
}
