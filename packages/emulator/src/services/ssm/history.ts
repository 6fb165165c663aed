// ssm:GetParameterHistory, ssm:DeleteParameters and ssm:UnlabelParameterVersion, in AWS's
// shapes (the SSM API reference's ParameterHistory, DeleteParameters and
// UnlabelParameterVersion pages).
import type { ParameterRecord, ParameterVersion } from '../../state/parameters-store.js';
import type { CallContext } from '../context.js';
import type { JsonHandler } from '../json-handler.js';
import {
  decryptForCaller,
  epoch,
  locateParameter,
  parameterNotFound,
  requiredText,
  validation,
  versionNotFound,
} from './common.js';
import { readPage } from './pages.js';

const MAX_HISTORY_RESULTS = 50;
const MAX_NAMES = 10;
const MAX_LABELS = 10;

/** One version as GetParameterHistory lists it (a SecureString decrypted on request). */
function historyEntry(
  ctx: CallContext,
  record: ParameterRecord,
  version: ParameterVersion,
  withDecryption: boolean,
): Record<string, unknown> {
  const secure = version.type === 'SecureString';
  return {
    Name: record.name,
    Type: version.type,
    ...(version.keyId ? { KeyId: version.keyId } : {}),
    LastModifiedDate: epoch(version.lastModifiedDate),
    LastModifiedUser: version.lastModifiedUser,
    ...(version.description === undefined ? {} : { Description: version.description }),
    Value: secure && withDecryption ? decryptForCaller(ctx, record, version) : version.value,
    Version: version.version,
    Labels: [...version.labels],
    Tier: record.tier,
    Policies: [],
    DataType: 'text',
  };
}

/** ssm:GetParameterHistory: every version of a parameter, oldest first, 50 a page at most. */
export const getParameterHistory: JsonHandler = (ctx, input) => {
  const name = requiredText(input, 'Name');
  const { record } = locateParameter(ctx, name, 'ssm:GetParameterHistory');
  if (!record) throw parameterNotFound();
  const page = readPage(record.versions, input, MAX_HISTORY_RESULTS, MAX_HISTORY_RESULTS);
  const withDecryption = input.WithDecryption === true;
  return {
    Parameters: page.items.map((version) => historyEntry(ctx, record, version, withDecryption)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

/** A list member of 1 to `max` entries, or AWS's one-validation-error refusal. */
function listOf(input: Record<string, unknown>, field: string, max: number): string[] {
  const value = input[field];
  const member = `${field.charAt(0).toLowerCase()}${field.slice(1)}`;
  if (!Array.isArray(value)) {
    throw validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (value.length === 0 || value.length > max) {
    const bound =
      value.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${max}`;
    throw validation(
      `1 validation error detected: Value '[${value.join(', ')}]' at '${member}' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  return value.map(String);
}

/**
 * ssm:DeleteParameters: up to 10 names, each authorized as ssm:DeleteParameters; those that
 * do not exist come back in InvalidParameters.
 */
export const deleteParameters: JsonHandler = (ctx, input) => {
  const DeletedParameters: string[] = [];
  const InvalidParameters: string[] = [];
  for (const name of new Set(listOf(input, 'Names', MAX_NAMES))) {
    const { record } = locateParameter(ctx, name, 'ssm:DeleteParameters');
    if (!record) {
      InvalidParameters.push(name);
      continue;
    }
    ctx.world.parameters.remove(record);
    DeletedParameters.push(name);
  }
  return { DeletedParameters, InvalidParameters };
};

/**
 * ssm:UnlabelParameterVersion: removes labels from one version; labels that version does not
 * carry come back in InvalidLabels.
 */
export const unlabelParameterVersion: JsonHandler = (ctx, input) => {
  const name = requiredText(input, 'Name');
  if (input.ParameterVersion === undefined || input.ParameterVersion === null) {
    throw validation(
      "1 validation error detected: Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null",
    );
  }
  const labels = listOf(input, 'Labels', MAX_LABELS);
  const { record } = locateParameter(ctx, name, 'ssm:UnlabelParameterVersion');
  if (!record) throw parameterNotFound();
  const wanted = Number(input.ParameterVersion);
  const target = record.versions.find((version) => version.version === wanted);
  if (!target) throw versionNotFound(String(input.ParameterVersion), record.name);
  const RemovedLabels = labels.filter((label) => target.labels.includes(label));
  const InvalidLabels = labels.filter((label) => !target.labels.includes(label));
  target.labels = target.labels.filter((label) => !RemovedLabels.includes(label));
  return { RemovedLabels, InvalidLabels };
};
