import { access } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { AuthType } from '@vaultline/config';
import type { PolicyDocumentSet } from '@vaultline/policies';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { writePrivateFile } from '../init/private-file.js';
import { createPrompter, type Prompter } from '../init/prompter.js';
import {
  checkSecretKeyOptions,
  readSecretKey,
  type SecretKeyInput,
  type SecretKeyOptions,
} from '../init/secret-key-input.js';
import {
  AUTH_TYPE_NAMES as AUTH_TYPES,
  loadConfigModule,
  loadPoliciesModule,
  loadYamlModule,
} from '../lazy.js';

interface InitOptions extends SecretKeyOptions {
  authType?: string;
  iamRole?: string;
  externalId?: string;
  sessionName?: string;
  sourceCredentials?: string;
  stsEndpoint?: string;
  stsEndpointRegion?: string;
  endpoint?: string;
  accountId?: string;
  instanceMetadataEndpoint?: string;
  accessKeyId?: string;
  connection?: string;
  property?: string[];
  instanceRoleArn?: string;
  kmsKeyArn?: string;
  yes?: boolean;
  force?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Asks for a value unless a flag gave it; with --yes a missing required value is an error. */
async function answerFor(
  prompter: () => Prompter,
  yes: boolean,
  given: string | undefined,
  question: string,
  flag: string,
  options: {
    default?: string;
    choices?: readonly string[];
    secret?: boolean;
    required?: boolean;
  } = {},
): Promise<string | undefined> {
  if (given !== undefined) return given;
  if (yes) {
    if (options.required && options.default === undefined) {
      throw new CliError('USAGE', `${flag} is required with --yes`, {
        hint: `vaultline init --yes ${flag} <value> ...`,
      });
    }
    return options.default;
  }
  try {
    const answer = await prompter().ask(question, options);
    return answer === '' ? undefined : answer;
  } catch {
    throw new CliError('USAGE', `no answer for ${flag}: the input ended`, {
      hint: 'give every value as a flag with --yes when not on a terminal',
    });
  }
}

const property = (input: string): [string, unknown] => {
  const at = input.indexOf('=');
  if (at <= 0) {
    throw new CliError(
      'USAGE',
      `--property expects key=value or key=secret:<reference>; received '${input.split('=')[0]}'`,
      {
        hint: '--property password=secret:prod/orders/db:password --property host=db.internal',
      },
    );
  }
  const key = input.slice(0, at);
  const value = input.slice(at + 1);
  return [key, value.startsWith('secret:') ? { secret: value.slice('secret:'.length) } : value];
};

/** `vaultline init`: writes vaultline.yaml from answers or flags, validates it, prints the IAM documents. */
export function registerInit(
  program: Command,
  context: CliContext,
  stdin: NodeJS.ReadableStream = process.stdin,
): void {
  program
    .command('init')
    .description(
      'write a vaultline.yaml (asking, or from flags with --yes), validate it and print the IAM documents',
    )
    .option('--auth-type <type>', `one of ${AUTH_TYPES.join(', ')}`)
    .option('--iam-role <arn>', 'role-based: the role to assume')
    .option('--external-id <id>', 'role-based: the sts:ExternalId of the trust policy')
    .option('--session-name <name>', 'role-based: the role session name')
    .option('--source-credentials <source>', 'role-based: instance-profile or default-chain')
    .option('--sts-endpoint <url>', 'role-based: the STS endpoint')
    .option('--sts-endpoint-region <region>', 'role-based: the region STS requests are signed for')
    .option('--access-key-id <id>', 'access-key: the access key id')
    .option(
      '--secret-access-key-stdin',
      'access-key: read the secret key from standard input (with --yes)',
    )
    .option(
      '--secret-access-key-env <name>',
      'access-key: take the secret key from this environment variable (AWS_SECRET_ACCESS_KEY, say)',
    )
    // Kept only to say what to use instead: a key in argv is in the process list.
    .addOption(new Option('--secret-access-key <key>').hideHelp())
    .option('--endpoint <url>', 'a Secrets Manager endpoint (VPC endpoint, or a local emulator)')
    .option('--account-id <id>', 'the account of secrets named without an ARN')
    .option(
      '--instance-metadata-endpoint <url>',
      'the instance metadata endpoint (default http://169.254.169.254)',
    )
    .option('--connection <name>', 'a connection to add')
    .option(
      '--property <key=value>',
      'a property of that connection; key=secret:<reference> for a secret; repeatable',
      collect,
    )
    .option(
      '--instance-role-arn <arn>',
      "for the printed documents: the EC2 instance's role (role-based)",
    )
    .option('--kms-key-arn <arn>', 'for the printed documents: the KMS key of the secrets')
    .option('-y, --yes', 'ask nothing: take flags and defaults')
    .option('-f, --force', 'overwrite an existing file')
    .action(async (options: InitOptions, command: Command) => {
      const globals = globalsOf(command);
      const yes = options.yes === true;
      checkSecretKeyOptions(options, yes);
      const target = globals.config ?? 'vaultline.yaml';
      const path = isAbsolute(target) ? target : join(context.cwd, target);
      const shown = relative(context.cwd, path) || path;
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (exists && !options.force) {
        throw new CliError('FILE_EXISTS', `${shown} exists; not overwriting it`, {
          hint: 'add --force to replace it, or --config OTHER.yaml to write elsewhere',
        });
      }
      let prompter: Prompter | undefined;
      const ask = () => {
        prompter ??= createPrompter(stdin as never, process.stderr);
        return prompter;
      };
      try {
        const authType = (await answerFor(
          ask,
          yes,
          options.authType,
          'Authentication type',
          '--auth-type',
          {
            choices: AUTH_TYPES,
            default: 'role-based',
          },
        )) as AuthType;
        if (!(AUTH_TYPES as readonly string[]).includes(authType)) {
          throw new CliError(
            'USAGE',
            `--auth-type must be one of ${AUTH_TYPES.join(', ')}; received '${authType}'`,
            {
              hint: 'role-based is the usual choice on AWS',
            },
          );
        }
        const regionInput = await answerFor(
          ask,
          yes,
          globals.region,
          'AWS region of the secrets',
          '--region',
          { required: true },
        );
        const region = regionInput ?? '';
        const vault: Record<string, unknown> = { type: 'aws-secrets-manager', authType, region };
        let secretKey: SecretKeyInput | undefined;
        if (authType === 'role-based') {
          vault.iamRole = await answerFor(
            ask,
            yes,
            options.iamRole,
            'IAM role to assume (arn:aws:iam::<account>:role/<name>)',
            '--iam-role',
            { required: true },
          );
          const externalId = await answerFor(
            ask,
            yes,
            options.externalId,
            'External id required by the trust policy (empty: none)',
            '--external-id',
          );
          if (externalId) vault.externalId = externalId;
          if (options.sessionName) vault.sessionName = options.sessionName;
          if (options.sourceCredentials) vault.sourceCredentials = options.sourceCredentials;
          if (options.stsEndpoint) vault.stsEndpoint = options.stsEndpoint;
          if (options.stsEndpointRegion) vault.stsEndpointRegion = options.stsEndpointRegion;
        }
        if (authType === 'access-key') {
          vault.accessKeyId = await answerFor(
            ask,
            yes,
            options.accessKeyId ?? context.env.AWS_ACCESS_KEY_ID,
            'Access key id',
            '--access-key-id',
            { required: true },
          );
          secretKey = await readSecretKey(options, { yes, env: context.env, stdin, ask });
          vault.secretAccessKey = secretKey.value;
        } else if (options.secretAccessKeyStdin || options.secretAccessKeyEnv !== undefined) {
          throw new CliError(
            'USAGE',
            `--secret-access-key-${options.secretAccessKeyStdin ? 'stdin' : 'env'} is for --auth-type access-key, not ${authType}`,
            { hint: 'leave it out: this authentication type keeps no key in the file' },
          );
        }
        if (options.endpoint) vault.endpoint = options.endpoint;
        if (options.accountId) vault.accountId = options.accountId;
        if (options.instanceMetadataEndpoint)
          vault.instanceMetadata = { endpoint: options.instanceMetadataEndpoint };

        const connections: Record<string, Record<string, unknown>> = {};
        const connectionName = await answerFor(
          ask,
          yes,
          options.connection,
          'A connection to add (empty: none)',
          '--connection',
        );
        if (connectionName) {
          const properties = [...(options.property ?? [])];
          if (properties.length === 0 && !yes) {
            for (;;) {
              const line = await ask()
                .ask('  property: key=value, or key=secret:<name>[:<json key>] (empty: done)')
                .catch(() => '');
              if (!line) break;
              properties.push(line);
            }
          }
          connections[connectionName] = Object.fromEntries(properties.map(property));
        }

        const hasKey = typeof vault.secretAccessKey === 'string';
        const [{ stringify }, { formatIssue, loadConfig, suggestRegion }, policies] =
          await Promise.all([loadYamlModule(), loadConfigModule(), loadPoliciesModule()]);
        const text = `# vaultline config; 'vaultline validate' checks it, 'vaultline doctor' tries it against AWS.\n${stringify({ vault, connections })}`;
        await writePrivateFile(path, text, {
          mode: hasKey ? 0o600 : 0o644,
          overwrite: options.force === true,
        });

        const result = await loadConfig(path, { env: {} });
        if (!result.ok) {
          context.stdout.write(
            `${result.issues.map((issue) => formatIssue(issue, shown)).join('\n')}\n`,
          );
          const first = result.issues[0];
          const region =
            first?.path === 'vault.region' ? suggestRegion(String(vault.region)) : undefined;
          throw Object.assign(
            new Error(
              `${shown} was written but is invalid: ${first ? `${first.path}: ${first.message}` : result.code}`,
            ),
            {
              code: result.code,
              hint: region
                ? `did you mean --region ${region}? Fix the file, or run init again with --force`
                : 'fix the file, or run vaultline init again with --force',
            },
          );
        }
        let documents: PolicyDocumentSet = [];
        let documentsNote: string | undefined;
        try {
          documents = policies.generatePolicies(
            policies.policyOptionsForConfig(result.config, {
              ...(options.instanceRoleArn ? { instanceRoleArn: options.instanceRoleArn } : {}),
              ...(options.kmsKeyArn ? { kmsKeyArn: options.kmsKeyArn } : {}),
            }),
          );
        } catch (error) {
          documentsNote = (error as Error).message;
        }
        if (wantsJson(globals)) {
          context.stdout.write(
            `${JSON.stringify({ file: shown, valid: true, warnings: result.warnings, documents, ...(documentsNote ? { documentsNote } : {}) }, null, 2)}\n`,
          );
        } else {
          const lines = [
            `wrote ${shown}${secretKey ? ` (mode 0600: it holds the secret access key from ${secretKey.from})` : ''}: valid (${authType} in ${region})`,
            ...result.warnings.map((issue) =>
              formatIssue({ ...issue, message: `warning: ${issue.message}` }, shown),
            ),
          ];
          if (!globals.quiet) {
            if (documents.length > 0) {
              lines.push(
                '',
                `Apply these IAM documents (${documents.map((d) => d.id).join(', ')}):`,
                '',
              );
              lines.push(documents.map(policies.formatPolicyForPeople).join('\n'));
            } else if (documentsNote) {
              lines.push(
                '',
                `IAM documents: ${documentsNote}`,
                "Give what is missing to 'vaultline policy' (see its --help).",
              );
            }
            lines.push(
              `Then check the setup with: vaultline${globals.config ? ` --config ${globals.config}` : ''} doctor`,
            );
          }
          context.stdout.write(`${lines.join('\n')}\n`);
        }
        context.setExitCode(ExitCode.OK);
      } finally {
        prompter?.close();
      }
    });
}
