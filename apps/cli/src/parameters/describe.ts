import type { ParameterMetadata } from '@aws-sdk/client-ssm';
import type { VaultlineConfig } from '@vaultline/config';
import type { ParameterResult } from '@vaultline/resolver';
import { loadSsmModule, openResolver, openSsmClient, toCliAwsError } from '../aws.js';
import type { CliContext } from '../context.js';
import { type GlobalOptions, wantsJson } from '../globals.js';
import type { CliReference } from '../reference-argument.js';

type ParameterArgument = Extract<CliReference, { kind: 'parameter' }>;

/** What DescribeParameters adds to GetParameter's answer; `unavailable` says why it is missing. */
type Details =
  | {
      keyId?: string;
      tier?: string;
      description?: string;
      lastModifiedUser?: string;
      allowedPattern?: string;
      policies: string[];
    }
  | { unavailable: string; hint?: string };

const AWS_MANAGED_KEY = 'alias/aws/ssm';

/**
 * `vaultline describe ssm:<reference>`: the version GetParameter selects (without decryption,
 * so no kms:Decrypt is needed and no value is read in clear), then DescribeParameters' key,
 * tier and description. The value is never printed. Without ssm:DescribeParameters the rest
 * is still shown, with a warning naming what is missing.
 */
export async function describeParameter(
  context: CliContext,
  globals: GlobalOptions,
  config: VaultlineConfig,
  argument: ParameterArgument,
): Promise<void> {
  await using resolver = await openResolver(config);
  const parameter = await resolver.getParameter(argument.reference, { withDecryption: false });
  const details = await readDetails(config, parameter);
  const info = {
    name: parameter.Name,
    arn: parameter.ARN,
    type: parameter.Type,
    version: parameter.Version,
    ...(parameter.Selector === undefined ? {} : { selector: parameter.Selector }),
    dataType: parameter.DataType,
    ...(parameter.LastModifiedDate === undefined
      ? {}
      : { lastModifiedDate: parameter.LastModifiedDate.toISOString() }),
    ...('unavailable' in details ? { detailsUnavailable: details.unavailable } : details),
  };
  if (wantsJson(globals)) {
    context.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
  } else {
    context.stdout.write(`${describeLines(info).join('\n')}\n`);
  }
  if ('unavailable' in details && !globals.quiet) {
    const hint = details.hint ? `hint: ${details.hint}\n` : '';
    context.stderr.write(
      `warning: key, tier and description not shown: ${details.unavailable}\n${hint}`,
    );
  }
}

function describeLines(info: Record<string, unknown>): string[] {
  const line = (label: string, value: unknown) =>
    value === undefined || value === '' ? [] : [`${label.padEnd(11)} ${String(value)}`];
  const keyId = info.keyId as string | undefined;
  return [
    ...line('name', info.name),
    ...line('arn', info.arn),
    ...line('type', info.type),
    ...line('version', `${info.version}${info.selector ? ` (selected by ${info.selector})` : ''}`),
    ...line('data type', info.dataType),
    ...line('kms key', keyId === AWS_MANAGED_KEY ? `${keyId} (the AWS managed key)` : keyId),
    ...line('tier', info.tier),
    ...line('changed', info.lastModifiedDate),
    ...line('changed by', info.lastModifiedUser),
    ...line('description', info.description),
    ...line('pattern', info.allowedPattern),
    ...((info.policies as string[] | undefined) ?? []).flatMap((policy) => line('policy', policy)),
  ];
}

/** DescribeParameters for the one parameter (its Name filter may answer empty pages first). */
async function readDetails(
  config: VaultlineConfig,
  parameter: Readonly<ParameterResult>,
): Promise<Details> {
  const [{ DescribeParametersCommand }, client] = await Promise.all([
    loadSsmModule(),
    openSsmClient(config),
  ]);
  try {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [parameter.Name] }],
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      const found = page.Parameters?.find((entry) => entry.ARN === parameter.ARN);
      if (found) return detailsOf(found);
      nextToken = page.NextToken;
    } while (nextToken);
    return {
      unavailable: `DescribeParameters does not list ${parameter.ARN} in this account (a parameter another account shares is described in that account)`,
    };
  } catch (error) {
    const failure = await toCliAwsError(error, {
      action: 'DescribeParameters',
      parameterId: parameter.Name,
    });
    const hint = (failure as { hint?: unknown }).hint;
    return { unavailable: failure.message, ...(typeof hint === 'string' ? { hint } : {}) };
  } finally {
    client.destroy();
  }
}

function detailsOf(found: ParameterMetadata): Details {
  return {
    ...(found.KeyId ? { keyId: found.KeyId } : {}),
    ...(found.Tier ? { tier: found.Tier } : {}),
    ...(found.Description ? { description: found.Description } : {}),
    ...(found.LastModifiedUser ? { lastModifiedUser: found.LastModifiedUser } : {}),
    ...(found.AllowedPattern ? { allowedPattern: found.AllowedPattern } : {}),
    policies: (found.Policies ?? []).map((policy) => policy.PolicyText ?? '').filter(Boolean),
  };
}
