import type { VaultlineConfig } from '@vaultline/config';
import type { SecretReference } from '@vaultline/secret-names';
import type { Command } from 'commander';
import { openResolver } from '../aws.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { type GlobalOptions, globalsOf, wantsJson } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { printParameter } from '../parameters/get.js';
import { parseCliReference } from '../reference-argument.js';
import { protect } from '../sensitive.js';

interface GetOptions {
  versionStage?: string;
  versionId?: string;
  parameter?: boolean;
}

/** `vaultline get <ref> [--version-stage S] [--version-id ID] [--parameter]`: prints one value to stdout. */
export function registerGet(program: Command, context: CliContext): void {
  program
    .command('get')
    .description(
      'print one secret value (or one JSON key of it), or one parameter value, to stdout',
    )
    .argument(
      '<ref>',
      'a secret name or ARN, optionally :json-key (prod/orders/db:password); a parameter as ssm:<name or ARN>[:version|:label] (ssm:/prod/orders/db/host)',
    )
    .option('--version-stage <stage>', 'a staging label such as AWSPREVIOUS (secrets)')
    .option('--version-id <id>', 'a version id (secrets)')
    .option('--parameter', 'read <ref> as a Parameter Store reference, with or without ssm:')
    .addHelpText(
      'after',
      '\nOnly the value asked for is printed, on stdout; a SecureString parameter decrypted, a StringList\nas its comma-separated text. Exit 3 when access is denied, 4 when not found.',
    )
    .action(async (ref: string, options: GetOptions, command: Command) => {
      const globals = globalsOf(command);
      // Reject a malformed reference before reading any config or calling AWS.
      const argument = parseCliReference(ref, { parameter: options.parameter === true });
      if (argument.kind === 'parameter') refuseSecretSelectors(options);
      const { config } = await loadCliConfig(context, globals);
      if (argument.kind === 'parameter') {
        await printParameter(context, globals, config, argument);
      } else {
        await printSecret(context, globals, config, ref, argument.reference, options);
      }
      context.setExitCode(ExitCode.OK);
    });
}

/** A parameter's version or label is part of its reference, as in a config. */
function refuseSecretSelectors(options: GetOptions): void {
  if (options.versionStage === undefined && options.versionId === undefined) return;
  const given = options.versionStage !== undefined ? '--version-stage' : '--version-id';
  throw new CliError('USAGE', `${given} selects a secret's version, not a parameter's`, {
    hint: 'select a parameter version or label in the reference: ssm:/prod/orders/db/host:3 or ssm:/prod/orders/db/host:live',
  });
}

async function printSecret(
  context: CliContext,
  globals: GlobalOptions,
  config: VaultlineConfig,
  ref: string,
  reference: SecretReference,
  options: GetOptions,
): Promise<void> {
  await using resolver = await openResolver(config);
  const selector = {
    ...(options.versionStage === undefined ? {} : { versionStage: options.versionStage }),
    ...(options.versionId === undefined ? {} : { versionId: options.versionId }),
  };
  const value = await resolver.getValue(ref, selector);
  const bytes = value instanceof Uint8Array;
  if (!bytes) protect(String(value));
  if (wantsJson(globals)) {
    const secret = await resolver.getSecret(reference.secretId, selector);
    context.stdout.write(
      `${JSON.stringify({
        name: secret.Name,
        arn: secret.ARN,
        versionId: secret.VersionId,
        versionStages: secret.VersionStages,
        ...(reference.jsonKey === undefined ? {} : { jsonKey: reference.jsonKey }),
        ...(bytes ? { valueBase64: Buffer.from(value).toString('base64') } : { value }),
      })}\n`,
    );
  } else if (bytes) {
    context.stdout.write(Buffer.from(value) as unknown as string);
  } else {
    context.stdout.write(`${String(value)}\n`);
  }
}
