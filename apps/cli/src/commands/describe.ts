import type { Command } from 'commander';
import { loadSdkModule, openSecretsClient, toCliAwsError } from '../aws.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, wantsJson } from '../globals.js';
import { loadCliConfig } from '../load.js';
import { describeParameter } from '../parameters/describe.js';
import { parseCliReference } from '../reference-argument.js';

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** `vaultline describe <ref> [--parameter]`: DescribeSecret's (or a parameter's) metadata; never the value. */
export function registerDescribe(program: Command, context: CliContext): void {
  program
    .command('describe')
    .description(
      "show a secret's metadata (ARN, key, versions, rotation, tags), or a parameter's (type, version, key, tier); never the value",
    )
    .argument(
      '<ref>',
      'a secret name or ARN; a parameter as ssm:<name or ARN>[:version|:label] (ssm:/prod/orders/db/host)',
    )
    .option('--parameter', 'read <ref> as a Parameter Store reference, with or without ssm:')
    .action(async (ref: string, options: { parameter?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const argument = parseCliReference(ref, { parameter: options.parameter === true });
      const { config } = await loadCliConfig(context, globals);
      if (argument.kind === 'parameter') {
        await describeParameter(context, globals, config, argument);
        context.setExitCode(ExitCode.OK);
        return;
      }
      const { secretId } = argument.reference;
      const [{ DescribeSecretCommand }, client] = await Promise.all([
        loadSdkModule(),
        openSecretsClient(config),
      ]);
      try {
        const answer = await client
          .send(new DescribeSecretCommand({ SecretId: secretId }))
          .catch(async (error: unknown) => {
            throw await toCliAwsError(error, { secretId, action: 'DescribeSecret' });
          });
        const info = {
          name: answer.Name,
          arn: answer.ARN,
          description: answer.Description,
          // Null when the secret uses the AWS managed key aws/secretsmanager (AWS omits it).
          kmsKeyId: answer.KmsKeyId ?? null,
          createdDate: iso(answer.CreatedDate),
          lastChangedDate: iso(answer.LastChangedDate),
          lastAccessedDate: iso(answer.LastAccessedDate),
          deletedDate: iso(answer.DeletedDate),
          rotationEnabled: answer.RotationEnabled ?? false,
          nextRotationDate: iso(answer.NextRotationDate),
          tags: Object.fromEntries((answer.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
          versions: answer.VersionIdsToStages ?? {},
        };
        if (wantsJson(globals)) {
          context.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        } else {
          const lines = [
            `name        ${info.name}`,
            `arn         ${info.arn}`,
            ...(info.description ? [`description ${info.description}`] : []),
            `kms key     ${info.kmsKeyId ?? 'aws/secretsmanager (the AWS managed key)'}`,
            ...(info.createdDate ? [`created     ${info.createdDate}`] : []),
            ...(info.lastChangedDate ? [`changed     ${info.lastChangedDate}`] : []),
            ...(info.deletedDate ? [`deleted     ${info.deletedDate}`] : []),
            `rotation    ${info.rotationEnabled ? `on, next ${info.nextRotationDate ?? 'unknown'}` : 'off'}`,
            ...Object.entries(info.tags).map(([key, value]) => `tag         ${key}=${value}`),
            ...Object.entries(info.versions).map(
              ([id, stages]) => `version     ${id} ${stages.join(',')}`,
            ),
          ];
          context.stdout.write(`${lines.join('\n')}\n`);
        }
        context.setExitCode(ExitCode.OK);
      } finally {
        client.destroy();
      }
    });
}
