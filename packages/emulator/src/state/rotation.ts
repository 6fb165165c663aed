import { randomBytes } from 'node:crypto';
import type { RotationConfig, SecretRecord, SecretVersion } from './secrets-store.js';
import { addVersion, moveStage, versionWithStage } from './versions.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A rotation schedule reduced to its period. */
export interface Schedule {
  unit: 'days' | 'hours';
  count: number;
}

/**
 * Parses the `rate()` expressions the emulator evaluates: `rate(N days)` (1 to 1000) and
 * `rate(N hours)` (4 to 23). Returns an explanation instead for anything else (cron()
 * expressions are valid on AWS but not evaluated here).
 *
 * @example
 * parseScheduleExpression('rate(10 days)'); // { unit: 'days', count: 10 }
 */
export function parseScheduleExpression(expression: string): Schedule | string {
  const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/.exec(expression.trim());
  if (!rate) {
    return expression.trim().startsWith('cron(')
      ? `The emulator evaluates only rate() schedule expressions, not ${expression}: use rate(N days) or rate(N hours).`
      : `Invalid ScheduleExpression ${expression}: expected rate(N days) or rate(N hours).`;
  }
  const count = Number(rate[1]);
  const unit = rate[2]!.startsWith('day') ? 'days' : 'hours';
  if (unit === 'days' && (count < 1 || count > 1000)) {
    return `Invalid ScheduleExpression ${expression}: a rate in days must be between 1 and 1000.`;
  }
  if (unit === 'hours' && (count < 4 || count > 23)) {
    return `Invalid ScheduleExpression ${expression}: a rate in hours must be between 4 and 23 (use days beyond that).`;
  }
  if (count === 1 ? rate[2]!.endsWith('s') : !rate[2]!.endsWith('s')) {
    return `Invalid ScheduleExpression ${expression}: write rate(1 day), rate(N days), rate(N hours).`;
  }
  return { unit, count };
}

/** The period of a rotation configuration. */
export function scheduleOf(config: RotationConfig): Schedule | undefined {
  if (config.automaticallyAfterDays !== undefined) {
    return { unit: 'days', count: config.automaticallyAfterDays };
  }
  if (config.scheduleExpression !== undefined) {
    const parsed = parseScheduleExpression(config.scheduleExpression);
    return typeof parsed === 'string' ? undefined : parsed;
  }
  return undefined;
}

const durationHours = (duration: string | undefined): number | undefined => {
  const match = duration === undefined ? null : /^(\d+)h$/.exec(duration);
  return match ? Number(match[1]) : undefined;
};

/**
 * When the next rotation is due, as DescribeSecret's NextRotationDate says: the end of the
 * rotation window that follows the last rotation (or, before any, the moment rotation was
 * turned on). A schedule in days rotates within a window that closes at the end of that UTC
 * day (23:59:59); a schedule in hours within `Duration` (default one hour) of its start.
 * Undefined when rotation is off.
 */
export function nextRotationDate(record: SecretRecord): Date | undefined {
  const config = record.rotation;
  if (!config?.enabled) return undefined;
  const schedule = scheduleOf(config);
  if (!schedule) return undefined;
  const base = Math.max(record.lastRotatedDate?.getTime() ?? 0, config.since.getTime());
  if (schedule.unit === 'hours') {
    const start = base + schedule.count * HOUR_MS;
    return new Date(start + (durationHours(config.duration) ?? 1) * HOUR_MS);
  }
  const day = new Date(base + schedule.count * DAY_MS);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59));
}

/** The RotationRules object of DescribeSecret and ListSecrets. */
export function rotationRulesOf(config: RotationConfig): Record<string, unknown> {
  const schedule = scheduleOf(config);
  return {
    // AWS reports AutomaticallyAfterDays also for a rate() in days ("calculated from the
    // rotation schedule").
    AutomaticallyAfterDays: schedule?.unit === 'days' ? schedule.count : undefined,
    ScheduleExpression: config.scheduleExpression,
    Duration: config.duration,
  };
}

/** A rotation already started and not finished: an AWSPENDING version that is not current. */
export function pendingRotation(record: SecretRecord): SecretVersion | undefined {
  const pending = versionWithStage(record, 'AWSPENDING');
  return pending && !pending.stages.has('AWSCURRENT') ? pending : undefined;
}

/**
 * The value an emulated rotation writes: the next of the scenario's `rotation.values`, else
 * one generated from the current value (a JSON object keeps its fields and gets a new random
 * `password` when it has one; any other string becomes a random one; binary, random bytes).
 */
export function nextRotationValue(record: SecretRecord): {
  secretString?: string;
  secretBinary?: Buffer;
} {
  const queued = record.rotationValues?.shift();
  if (queued !== undefined) return { secretString: queued };
  const current = versionWithStage(record, 'AWSCURRENT');
  if (current?.secretBinary !== undefined) return { secretBinary: randomBytes(32) };
  const fresh = `rotated-${randomBytes(18).toString('base64url')}`;
  try {
    const parsed = JSON.parse(current?.secretString ?? '') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'password' in parsed) {
      return { secretString: JSON.stringify({ ...parsed, password: fresh }) };
    }
  } catch {}
  return { secretString: fresh };
}

/**
 * Rotates now, standing in for the rotation Lambda's four steps: createSecret puts the new
 * value as AWSPENDING (version id = the ClientRequestToken), finishSecret moves AWSCURRENT to
 * it (the former current becomes AWSPREVIOUS) and AWSPENDING is removed. Sets LastRotatedDate.
 */
export function rotateNow(record: SecretRecord, versionId: string): SecretVersion {
  const version = addVersion(record, { versionId, ...nextRotationValue(record) }, ['AWSPENDING']);
  moveStage(record, 'AWSCURRENT', version.versionId);
  version.stages.delete('AWSPENDING');
  record.lastRotatedDate = new Date();
  return version;
}
