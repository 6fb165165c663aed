import type { VaultlineConfig } from '@vaultline/config';
import type { PolicyEntry, PolicyFlags, PolicyId } from '@vaultline/policies';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadPoliciesModule, POLICY_ID_NAMES as POLICY_IDS } from '../lazy.js';
import { loadCliConfig } from '../load.js';

interface PolicyCommandOptions extends PolicyFlags {
  list?: boolean;
  authType?: string;
  iamRole?: string;
  externalId?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The vault to generate for: the config's, or (with no config file) the flags'. */
async function vaultFor(
  context: CliContext,
  command: Command,
  options: PolicyCommandOptions,
): Promise<Pick<VaultlineConfig, 'vault' | 'connections'>> {
  const globals = globalsOf(command);
  try {
    return (await loadCliConfig(context, globals)).config;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'CONFIG_NOT_FOUND') throw error;
    if (!globals.region) {
      throw Object.assign(error as Error, {
        hint: "create one with 'vaultline init', or describe the setup with flags: --region R --auth-type T --iam-role ARN",
      });
    }
  }
  return {
    vault: {
      type: 'aws-secrets-manager',
      region: globals.region,
      authType: options.authType ?? (options.iamRole ? 'role-based' : 'instance-profile'),
      ...(options.iamRole ? { iamRole: options.iamRole } : {}),
      ...(options.externalId ? { externalId: options.externalId } : {}),
    } as VaultlineConfig['vault'],
    connections: {},
  };
}

/** `vaultline policy <document>|all|--list [--secret-arn ...] [--kms-key-arn ...] [--json]` */
export function registerPolicy(program: Command, context: CliContext): void {
  program
    .command('policy')
    .description(
      'print an IAM document to apply (from the config, or from flags when there is none)',
    )
    .argument(
      '[document]',
      `one of ${POLICY_IDS.join(', ')}, or all (none: list the documents, as --list)`,
    )
    .option('--list', 'list the documents this setup needs (also with no document named)')
    .option(
      '--secret-arn <arn>',
      'a secret the agent reads (default: those the config references); repeatable',
      collect,
    )
    .option(
      '--secret-prefix <prefix>',
      'a secret name prefix the agent reads (prod/ → secret:prod/*); repeatable',
      collect,
    )
    .option('--kms-key-arn <arn>', 'the customer managed KMS key of the secrets')
    .option(
      '--instance-role-arn <arn>',
      "the EC2 instance's role (role-based: who may assume the agent role)",
    )
    .option('--secrets-account-id <id>', 'the account holding the secrets, when not in an ARN')
    .option('--agent-account-id <id>', "the agent's account, when no ARN says it")
    .option('--auth-type <type>', 'without a config file: the auth type (with --region)')
    .option('--iam-role <arn>', 'without a config file: the role the agent assumes')
    .option('--external-id <id>', 'without a config file: the sts:ExternalId')
    .addHelpText(
      'after',
      '\nExamples:\n  vaultline policy --list\n  vaultline policy read-policy --json > read-policy.json\n  vaultline --region us-east-2 policy trust-policy --iam-role arn:aws:iam::111122223333:role/agent --instance-role-arn arn:aws:iam::111122223333:role/ec2-host',
    )
    .action((document: string | undefined, options: PolicyCommandOptions, command: Command) =>
      printPolicies(context, document, options, command),
    );
}

/** `vaultline policy`: one document, all of them, or the list of those this setup needs. */
async function printPolicies(
  context: CliContext,
  document: string | undefined,
  options: PolicyCommandOptions,
  command: Command,
): Promise<void> {
  const json = wantsJson(globalsOf(command));
  // No document named: list the documents this setup needs, as --list does.
  if (document === undefined) options.list = true;
  if (
    document !== undefined &&
    document !== 'all' &&
    !(POLICY_IDS as readonly string[]).includes(document)
  ) {
    throw new CliError('USAGE', `unknown document '${document}'`, {
      hint: `expected one of ${POLICY_IDS.join(', ')}, or all`,
    });
  }
  const config = await vaultFor(context, command, options);
  const { formatPolicyForPeople, generatePolicies, generatePolicy, policyOptionsForConfig } =
    await loadPoliciesModule();
  const policyOptions = policyOptionsForConfig(config, options);
  if (options.list || document === 'all') {
    const set = generatePolicies(policyOptions);
    if (options.list) {
      context.stdout.write(
        json
          ? `${JSON.stringify(
              set.map(({ id, title, account, accountId, attachTo }) => ({
                id,
                title,
                account,
                accountId,
                attachTo,
              })),
              null,
              2,
            )}\n`
          : `${set.map((entry) => `${entry.id.padEnd(27)} ${entry.account.padEnd(7)} ${entry.attachTo}`).join('\n')}\n`,
      );
    } else {
      context.stdout.write(
        json ? `${JSON.stringify(set, null, 2)}\n` : set.map(formatPolicyForPeople).join('\n'),
      );
    }
  } else {
    const entry: PolicyEntry = generatePolicy(document as PolicyId, policyOptions);
    context.stdout.write(
      json ? `${JSON.stringify(entry.document, null, 2)}\n` : formatPolicyForPeople(entry),
    );
  }
  context.setExitCode(ExitCode.OK);
}
