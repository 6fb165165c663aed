import { newUuid } from '../../state/ids.js';
import { parseScheduleExpression, pendingRotation, rotateNow } from '../../state/rotation.js';
import type { RotationConfig } from '../../state/secrets-store.js';
import type { JsonHandler } from '../json-handler.js';
import {
  invalidParameter,
  invalidRequest,
  locateSecret,
  optionalString,
  requiredString,
} from './common.js';

const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

/** Reads RotationRules: AutomaticallyAfterDays or ScheduleExpression (not both), Duration. */
function readRules(
  rules: unknown,
): Pick<RotationConfig, 'automaticallyAfterDays' | 'scheduleExpression' | 'duration'> | undefined {
  if (rules === undefined || rules === null) return undefined;
  if (typeof rules !== 'object') throw invalidParameter('RotationRules must be an object.');
  const {
    AutomaticallyAfterDays: days,
    ScheduleExpression: expression,
    Duration: duration,
  } = rules as Record<string, unknown>;
  if (days !== undefined && expression !== undefined) {
    throw invalidParameter(
      "You can't specify both AutomaticallyAfterDays and ScheduleExpression in RotationRules.",
    );
  }
  if (days === undefined && expression === undefined) {
    throw invalidParameter('RotationRules needs AutomaticallyAfterDays or ScheduleExpression.');
  }
  if (
    days !== undefined &&
    (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 1000)
  ) {
    throw invalidParameter('AutomaticallyAfterDays must be an integer between 1 and 1000.');
  }
  if (expression !== undefined) {
    if (typeof expression !== 'string')
      throw invalidParameter('ScheduleExpression must be a string.');
    const parsed = parseScheduleExpression(expression);
    if (typeof parsed === 'string') throw invalidParameter(parsed);
  }
  if (duration !== undefined) {
    const hours = typeof duration === 'string' ? /^(\d+)h$/.exec(duration) : null;
    if (!hours || Number(hours[1]) < 1 || Number(hours[1]) > 24) {
      throw invalidParameter(`Invalid Duration ${String(duration)}: expected 1h to 24h, e.g. 3h.`);
    }
  }
  return {
    automaticallyAfterDays: days as number | undefined,
    scheduleExpression: expression as string | undefined,
    duration: duration as string | undefined,
  };
}

/**
 * secretsmanager:RotateSecret. Sets (or keeps) the rotation Lambda and rules and turns rotation
 * on. No Lambda runs here: with RotateImmediately (the default) the emulator performs the
 * rotation itself (a new version with the next scenario rotation value or a generated one
 * goes AWSPENDING, then AWSCURRENT). With RotateImmediately false it only schedules.
 */
export const rotateSecret: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:RotateSecret',
  );
  const lambdaArn = optionalString(input, 'RotationLambdaARN');
  if (lambdaArn !== undefined && !LAMBDA_ARN.test(lambdaArn)) {
    throw invalidParameter(
      `The RotationLambdaARN ${lambdaArn} is not a valid Lambda function ARN.`,
    );
  }
  const rules = readRules(input.RotationRules);
  const previous = record.rotation;
  const lambda = lambdaArn ?? previous?.lambdaArn;
  if (lambda === undefined) {
    throw invalidRequest(
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
    );
  }
  const schedule = rules ?? previous;
  if (
    schedule?.automaticallyAfterDays === undefined &&
    schedule?.scheduleExpression === undefined
  ) {
    throw invalidParameter(
      'The emulator needs RotationRules (AutomaticallyAfterDays or ScheduleExpression) the first time rotation is turned on.',
    );
  }
  const immediately = input.RotateImmediately !== false;
  if (immediately && pendingRotation(record)) {
    throw invalidRequest('A previous rotation isn’t complete. That rotation will be reattempted.');
  }
  const token = optionalString(input, 'ClientRequestToken');
  if (token !== undefined && record.versions.has(token)) {
    // The same request retried: AWS answers with the version it already made.
    return { ARN: record.arn, Name: record.name, VersionId: token };
  }
  record.rotation = {
    enabled: true,
    lambdaArn: lambda,
    automaticallyAfterDays: schedule.automaticallyAfterDays,
    scheduleExpression: schedule.scheduleExpression,
    duration: rules ? rules.duration : previous?.duration,
    since: previous?.enabled && !rules ? previous.since : new Date(),
  };
  record.lastChangedDate = new Date();
  if (!immediately) return { ARN: record.arn, Name: record.name };
  const version = rotateNow(record, token ?? newUuid());
  return { ARN: record.arn, Name: record.name, VersionId: version.versionId };
};

/**
 * secretsmanager:CancelRotateSecret: turns automatic rotation off (the Lambda and rules stay,
 * as on AWS) and drops AWSPENDING from an unfinished rotation's version.
 */
export const cancelRotateSecret: JsonHandler = (ctx, input) => {
  const record = locateSecret(
    ctx,
    requiredString(input, 'SecretId'),
    'secretsmanager:CancelRotateSecret',
  );
  if (record.rotation) record.rotation.enabled = false;
  const pending = pendingRotation(record);
  pending?.stages.delete('AWSPENDING');
  record.lastChangedDate = new Date();
  return { ARN: record.arn, Name: record.name, VersionId: pending?.versionId };
};
