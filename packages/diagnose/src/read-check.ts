import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { failureOf, isAccessDenied, isKeyUnusable, isKmsFailure } from './classify.js';
import { keyStateOutcome } from './key-state.js';
import { kmsDeniedOutcome } from './kms-findings.js';
import { referenceFix, type SecretTarget } from './references.js';
import type { StepOutcome, StepRunner } from './runner.js';
import { otherFailure, secretDenied } from './secret-failures.js';
import { keyContextOf, type SecretCheck } from './secret-state.js';

/**
 * GetSecretValue, then the JSON keys the config reads from the value. The value is only
 * checked: it is handed to the runner to scrub from every finding, and then dropped.
 */
export async function checkSecretRead(check: SecretCheck): Promise<void> {
  const id = check.state.target.secretId;
  await check.runner.run('read-secret', `GetSecretValue ${id}`, id, () => readSecret(check));
}

async function readSecret(check: SecretCheck): Promise<StepOutcome> {
  const { state, session, runner } = check;
  const { target } = state;
  let text: string | undefined;
  let versionId: string | undefined;
  try {
    const out = await check.clients.secretsManager.send(
      new GetSecretValueCommand({
        SecretId: target.secretId,
        ...(target.reference.versionId ? { VersionId: target.reference.versionId } : {}),
        ...(target.reference.versionStage ? { VersionStage: target.reference.versionStage } : {}),
      }),
      check.send,
    );
    text = out.SecretString;
    versionId = out.VersionId;
    runner.protect(text);
  } catch (error) {
    const failure = failureOf(error, 'GetSecretValue');
    if (isKeyUnusable(failure)) return keyStateOutcome(state, failure);
    if (isKmsFailure(failure))
      return kmsDeniedOutcome('kms:Decrypt', failure, keyContextOf(state, session));
    if (isAccessDenied(failure))
      return secretDenied('secretsmanager:GetSecretValue', failure, state, session);
    const other = otherFailure('GetSecretValue', failure, session.facts.region);
    return other.problem === 'VERSION_NOT_FOUND' ? readCurrentInstead(other, target) : other;
  }
  const version = `version ${versionId ?? '(unknown)'}${target.reference.versionStage ? ` (${target.reference.versionStage})` : ''}`;
  if (target.jsonKeys.length === 0) return { status: 'pass', finding: `read ${version}` };
  return checkJsonKeys(text, target, version, runner);
}

function checkJsonKeys(
  text: string | undefined,
  target: SecretTarget,
  version: string,
  runner: StepRunner,
): StepOutcome {
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      status: 'fail',
      problem: 'NOT_JSON',
      finding: `read ${version}, but it is not a JSON object, and the config reads the key(s) ${target.jsonKeys.join(', ')} from it (${target.usedBy.join(', ')})`,
      remedy:
        'Store the secret as a JSON object (key/value pairs), or reference it without a JSON key.',
    };
  }
  for (const value of Object.values(parsed)) if (typeof value === 'string') runner.protect(value);
  const missing = target.jsonKeys.filter((key) => !Object.hasOwn(parsed as object, key));
  if (missing.length > 0) {
    return {
      status: 'fail',
      problem: 'JSON_KEY_MISSING',
      finding: `read ${version}, but its JSON has no key ${missing.map((k) => `'${k}'`).join(', ')} (used by ${target.usedBy.join(', ')})`,
      remedy: 'Add the key to the secret (a new version), or fix the reference.',
    };
  }
  return {
    status: 'pass',
    finding: `read ${version}; the JSON key(s) ${target.jsonKeys.join(', ')} are present`,
  };
}

/**
 * A version stage or id the secret does not have: the fix points the reference at the
 * current version (AWSCURRENT), the one version every secret has; attaching the label to a
 * version instead is the secret owner's call (aws secretsmanager update-secret-version-stage).
 */
function readCurrentInstead(outcome: StepOutcome, target: SecretTarget): StepOutcome {
  const fix = referenceFix(target, (reference) => ({
    ...reference,
    versionStage: undefined,
    versionId: undefined,
  }));
  if (!fix) return outcome;
  return {
    ...outcome,
    remedy: `${outcome.remedy} To read the current version instead, reference ${fix.replacement}.`,
    fix,
  };
}
