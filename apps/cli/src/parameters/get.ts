import type { VaultlineConfig } from '@vaultline/config';
import type { ParameterResult } from '@vaultline/resolver';
import { openResolver } from '../aws.js';
import type { CliContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { wantsJson } from '../globals.js';
import type { CliReference } from '../reference-argument.js';
import { protect } from '../sensitive.js';

type ParameterArgument = Extract<CliReference, { kind: 'parameter' }>;

/**
 * `get --json` for a parameter: GetParameter's `Parameter` fields in the CLI's camelCase, the
 * value decrypted; a StringList also as `values`, its items.
 */
export function parameterJson(parameter: Readonly<ParameterResult>): Record<string, unknown> {
  return {
    name: parameter.Name,
    arn: parameter.ARN,
    type: parameter.Type,
    version: parameter.Version,
    ...(parameter.Selector === undefined ? {} : { selector: parameter.Selector }),
    ...(parameter.SourceResult === undefined ? {} : { sourceResult: parameter.SourceResult }),
    ...(parameter.LastModifiedDate === undefined
      ? {}
      : { lastModifiedDate: parameter.LastModifiedDate.toISOString() }),
    dataType: parameter.DataType,
    value: parameter.Value,
    ...(parameter.Type === 'StringList' ? { values: parameter.Value.split(',') } : {}),
  };
}

/**
 * `vaultline get ssm:<reference>`: the value on stdout (a SecureString decrypted, a StringList
 * as AWS stores it, comma-separated), or `parameterJson` with `--json`. A SecureString's value
 * is scrubbed from everything written to stderr afterwards.
 */
export async function printParameter(
  context: CliContext,
  globals: GlobalOptions,
  config: VaultlineConfig,
  argument: ParameterArgument,
): Promise<void> {
  await using resolver = await openResolver(config);
  const parameter = await resolver.getParameter(argument.reference);
  if (parameter.Type === 'SecureString') protect(parameter.Value);
  context.stdout.write(
    wantsJson(globals) ? `${JSON.stringify(parameterJson(parameter))}\n` : `${parameter.Value}\n`,
  );
  if (parameter.stale && !globals.quiet) {
    context.stderr.write('warning: AWS could not be reached; the value is stale\n');
  }
}
