// ssm:PutParameter, ssm:LabelParameterVersion and ssm:DeleteParameter.
import { labelProblem } from '@vaultline/secret-names';
import { AwsWireError } from '../../http/wire-error.js';
import { SSM_ALIAS } from '../../state/kms-store.js';
import type { ParameterRecord, ParameterType } from '../../state/parameters-store.js';
import type { CallContext } from '../context.js';
import type { JsonHandler } from '../json-handler.js';
import {
  encryptForCaller,
  locateParameter,
  parameterNotFound,
  requiredText,
  validation,
  versionNotFound,
} from './common.js';
import { checkNameForWrite } from './names.js';

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
const MAX_VALUE_LENGTH = 4096;
const MAX_VERSIONS = 100;
const MAX_LABELS = 10;

/** The new value of a PutParameter; never echoed in an error, as AWS redacts it too. */
function newValueOf(input: Record<string, unknown>): string {
  const value = input.Value;
  if (typeof value !== 'string') {
    throw validation(
      "1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null",
    );
  }
  if (value.length === 0 || value.length > MAX_VALUE_LENGTH) {
    const bound =
      value.length === 0
        ? 'greater than or equal to 1'
        : `less than or equal to ${MAX_VALUE_LENGTH}`;
    throw validation(
      `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  return value;
}

function typeOf(input: Record<string, unknown>, existing?: ParameterRecord): ParameterType {
  const given = input.Type;
  if (given === undefined || given === null) {
    const previous = existing?.versions.at(-1)?.type;
    if (previous) return previous;
    throw validation('A parameter type is required when you create a parameter.');
  }
  if (!TYPES.includes(given as ParameterType)) {
    throw validation(
      `1 validation error detected: Value '${String(given)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
    );
  }
  return given as ParameterType;
}

/** The key a SecureString is encrypted under: KeyId, the previous version's, or aws/ssm. */
function keyFor(ctx: CallContext, keyId: string, record: ParameterRecord) {
  const key = ctx.world.kms.resolve(keyId, record.accountId, record.region);
  if (key) return key;
  const account = record.accountId;
  const shown = keyId.startsWith('arn:')
    ? keyId
    : `arn:aws:kms:${record.region}:${account}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
  const what = keyId.includes('alias/')
    ? `Alias ${shown} is not found.`
    : `Key '${shown}' does not exist`;
  throw new AwsWireError(
    'InvalidKeyId',
    `${what} (Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: ${ctx.requestId}; Proxy: null)`,
  );
}

/** Drops the oldest version at the limit; AWS refuses while that one still has a label. */
function makeRoomForVersion(record: ParameterRecord): void {
  if (record.versions.length < MAX_VERSIONS) return;
  const oldest = record.versions[0]!;
  if (oldest.labels.length > 0) {
    throw new AwsWireError(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${record.name} by calling the PutParameter API with the overwrite flag. Version ${oldest.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    );
  }
  record.versions.shift();
}

/** ssm:PutParameter: a new parameter, or with Overwrite a new version of one. */
export const putParameter: JsonHandler = (ctx, input) => {
  const name = requiredText(input, 'Name');
  checkNameForWrite(ctx, name);
  const value = newValueOf(input);
  const overwrite = input.Overwrite === true;
  if (overwrite && Array.isArray(input.Tags) && input.Tags.length > 0) {
    throw validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
  locateParameter(ctx, name, 'ssm:PutParameter');
  const record = ctx.world.parameters.getOrCreate(ctx.caller.principal.accountId, ctx.region, name);
  const previous = record.versions.at(-1);
  if (previous && !overwrite) {
    throw new AwsWireError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const type = typeOf(input, record);
  const keyId = typeof input.KeyId === 'string' ? input.KeyId : undefined;
  if (keyId !== undefined && type !== 'SecureString') {
    throw validation('KeyId is required for SecureString type parameter only.');
  }
  makeRoomForVersion(record);
  const stored = storedValue(ctx, record, type, value, keyId ?? previous?.keyId);
  const version = (previous?.version ?? 0) + 1;
  record.versions.push({
    version,
    type,
    ...stored,
    description: typeof input.Description === 'string' ? input.Description : previous?.description,
    labels: [],
    lastModifiedDate: new Date(),
    lastModifiedUser: ctx.caller.principal.arn,
  });
  if (input.Tier === 'Advanced') record.tier = 'Advanced';
  return { Version: version, Tier: record.tier };
};

function storedValue(
  ctx: CallContext,
  record: ParameterRecord,
  type: ParameterType,
  value: string,
  keyId: string | undefined,
): { value: string; keyId?: string; keyArn?: string } {
  if (type !== 'SecureString') return { value };
  const named = keyId ?? SSM_ALIAS;
  const key = keyFor(ctx, named, record);
  return { value: encryptForCaller(ctx, key, record.arn, value), keyId: named, keyArn: key.arn };
}

/**
 * ssm:LabelParameterVersion: attaches labels to a version (the latest without
 * ParameterVersion), moving each from any other version; labels AWS would refuse come back
 * in InvalidLabels.
 */
export const labelParameterVersion: JsonHandler = (ctx, input) => {
  const name = requiredText(input, 'Name');
  const labels = Array.isArray(input.Labels) ? input.Labels.map(String) : [];
  if (labels.length === 0 || labels.length > MAX_LABELS) {
    throw validation(
      `1 validation error detected: Value '[${labels.join(', ')}]' at 'labels' failed to satisfy constraint: Member must have length ${labels.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_LABELS}`}`,
    );
  }
  const { record } = locateParameter(ctx, name, 'ssm:LabelParameterVersion');
  if (!record) throw parameterNotFound();
  const wanted = input.ParameterVersion === undefined ? undefined : Number(input.ParameterVersion);
  const target =
    wanted === undefined
      ? record.versions.at(-1)!
      : record.versions.find((v) => v.version === wanted);
  if (!target) throw versionNotFound(String(wanted), record.name);
  const InvalidLabels = labels.filter((label) => labelProblem(label) !== undefined);
  const valid = labels.filter((label) => !InvalidLabels.includes(label));
  const added = valid.filter((label) => !target.labels.includes(label));
  if (target.labels.length + added.length > MAX_LABELS) {
    throw new AwsWireError(
      'ParameterVersionLabelLimitExceeded',
      'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.',
    );
  }
  for (const version of record.versions) {
    if (version !== target) version.labels = version.labels.filter((l) => !valid.includes(l));
  }
  target.labels.push(...added);
  return { InvalidLabels, ParameterVersion: target.version };
};

/** ssm:DeleteParameter: the parameter and all its versions. */
export const deleteParameter: JsonHandler = (ctx, input) => {
  const { record } = locateParameter(ctx, requiredText(input, 'Name'), 'ssm:DeleteParameter');
  if (!record) throw parameterNotFound();
  ctx.world.parameters.remove(record);
  return {};
};
