import { type Command, Option } from 'commander';
import { AUTH_TYPE_NAMES as AUTH_TYPES } from '../lazy.js';
import type { createConnectionFlags } from './connection-flags.js';
import type { SecretKeyOptions } from './secret-key-input.js';

/** The flags of `vaultline init`, as commander hands them to the action. */
export interface InitOptions extends SecretKeyOptions {
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
  instanceRoleArn?: string;
  kmsKeyArn?: string;
  yes?: boolean;
  force?: boolean;
}

/** Declares the flags of `vaultline init`; `--connection`/`--property` go to `connections`. */
export function addInitOptions(
  command: Command,
  connections: ReturnType<typeof createConnectionFlags>,
): Command {
  return (
    command
      .option('--auth-type <type>', `one of ${AUTH_TYPES.join(', ')}`)
      .option('--iam-role <arn>', 'role-based: the role to assume')
      .option('--external-id <id>', 'role-based: the sts:ExternalId of the trust policy')
      .option('--session-name <name>', 'role-based: the role session name')
      .option('--source-credentials <source>', 'role-based: instance-profile or default-chain')
      .option('--sts-endpoint <url>', 'role-based: the STS endpoint')
      .option(
        '--sts-endpoint-region <region>',
        'role-based: the region STS requests are signed for',
      )
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
      .option(
        '--connection <name>',
        'a connection to add; repeatable, each followed by its own --property flags',
        connections.onConnection,
      )
      .option(
        '--property <key=value>',
        'a property of the --connection before it; key=secret:<reference> for a secret, key=ssm:<parameter> for a parameter; repeatable',
        connections.onProperty,
      )
      .option(
        '--env <NAME=property>',
        'an environment variable of the --connection before it, for vaultline exec (PGPASSWORD=password); repeatable',
        connections.onEnv,
      )
      .option(
        '--instance-role-arn <arn>',
        "role-based: the EC2 instance's role, which the trust policy must name",
      )
      .option(
        '--kms-key-arn <arn>',
        'the customer managed KMS key of the secrets (needed across accounts)',
      )
      .option('-y, --yes', 'ask nothing: take flags and defaults')
      .option('-f, --force', 'overwrite an existing file')
  );
}
