import type { Command } from 'commander';
import { openResolver } from '../aws.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { parseReferenceArgument } from '../reference-argument.js';
import { protect } from '../sensitive.js';

interface GetOptions {
  versionStage?: string;
  versionId?: string;
}

/** `vaultline get <ref> [--version-stage S] [--version-id ID]`: prints one value to stdout. */
export function registerGet(program: Command, context: CliContext): void {
  program
    .command('get')
    .description('print one secret value (or one JSON key of it) to stdout')
    .argument('<ref>', 'a secret name or ARN, optionally :json-key (prod/orders/db:password)')
    .option('--version-stage <stage>', 'a staging label such as AWSPREVIOUS')
    .option('--version-id <id>', 'a version id')
    .addHelpText(
      'after',
      '\nOnly the value asked for is printed, on stdout. Exit 3 when access is denied, 4 when not found.',
    )
    .action(async (ref: string, options: GetOptions, command: Command) => {
      const globals = globalsOf(command);
      // Reject a malformed reference before reading any config or calling AWS.
      const reference = parseReferenceArgument(ref);
      const { config } = await loadCliConfig(context, globals);
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
      context.setExitCode(ExitCode.OK);
    });
}
