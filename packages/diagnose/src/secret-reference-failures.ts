import { type ParameterReference, SECRETS_MANAGER_REFERENCE_PREFIX } from '@vaultline/secret-names';
import type { AwsFailure } from './classify.js';
import { getOne, type ParameterCheck } from './parameter-state.js';
import type { StepOutcome } from './runner.js';

/** The secret a `/aws/reference/secretsmanager/<secret>` reference reads. */
const secretIdOf = (reference: ParameterReference): string =>
  reference.name.slice(SECRETS_MANAGER_REFERENCE_PREFIX.length);

/**
 * A secret reference listed in InvalidParameters (read with decryption): Secrets Manager has no
 * such secret, or not the version stage or id after its name (asked once more without it).
 */
export async function secretReferenceMissing(check: ParameterCheck): Promise<StepOutcome> {
  const { target } = check;
  const region = check.session.facts.region;
  const secret = secretIdOf(target.reference);
  const via = `(read through Parameter Store as '${target.parameterId}', used by ${target.usedBy.join(', ')})`;
  const selector = target.reference.label;
  if (selector !== undefined) {
    const bare = await getOne(check, target.reference.parameterId, true).catch(() => ({
      parameter: undefined,
    }));
    if (bare.parameter) {
      return {
        status: 'fail',
        problem: 'VERSION_NOT_FOUND',
        finding: `secret '${secret}' exists in Secrets Manager, but has no version stage or version id '${selector}' ${via}`,
        remedy: `Reference a version stage or id the secret has (aws secretsmanager list-secret-version-ids --secret-id ${secret} --region ${region} lists them), or drop the selector to read AWSCURRENT.`,
      };
    }
  }
  return {
    status: 'fail',
    problem: 'SECRET_NOT_FOUND',
    finding: `Secrets Manager in ${region} has no secret '${secret}' ${via}`,
    remedy: `Check the secret name (names are case-sensitive) and that the secret exists in ${region}, the vault's region: aws secretsmanager describe-secret --secret-id ${secret} --region ${region}.`,
  };
}

/**
 * Parameter Store's answer when Secrets Manager refused it the secret: it reads the secret
 * with the agent's own rights and passes on no more than "an error occurred while calling one
 * AWS dependency service", so the remedy lists every permission and state that can cause it.
 */
export function secretReferenceFailure(
  reference: ParameterReference,
  failure: AwsFailure,
  region: string,
): StepOutcome {
  const secret = secretIdOf(reference);
  return {
    status: 'fail',
    problem: 'UNKNOWN',
    finding: `Parameter Store could not read secret '${secret}' from Secrets Manager for the agent (AWS does not say why). AWS said: ${failure.name}: ${failure.message}`,
    remedy: `Parameter Store reads the secret with the agent's own permissions: allow secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its customer managed key, if any) in an identity-based policy of the agent, and check that the secret is not scheduled for deletion and its key is enabled (aws secretsmanager describe-secret --secret-id ${secret} --region ${region}). Referencing it as a secret (secret: ${secret}) lets diagnose tell which.`,
  };
}
