import { adviceFor, PARAMETER_BY_NAME_RULE } from '@vaultline/resolver';
import {
  AWS_MANAGED_PARAMETER_KEY_RULE,
  awsServiceHost,
  CROSS_ACCOUNT_PARAMETER_RULE,
  type ParameterReference,
} from '@vaultline/secret-names';
import type { AwsFailure } from './classify.js';
import { documentFor, readDocumentOf, remedyFor } from './documents.js';
import {
  AWS_MANAGED_KEY,
  parameterKeyOf,
  parameterKeyStateOutcome,
  undeterminedDecryptOutcome,
} from './parameter-key.js';
import { getOne, type ParameterCheck, readsSecret } from './parameter-state.js';
import type { StepOutcome } from './runner.js';
import { secretReferenceFailure, secretReferenceMissing } from './secret-reference-failures.js';

/** The parameter's name or ARN without its selector, as the read policy lists it. */
const bareId = (check: ParameterCheck): string => check.target.reference.parameterId;

/**
 * The resolver's by-name rule, for a parameter named without its ARN: a shared parameter of
 * another account is missing or refused by name, and its ARN is the fix, not an Allow.
 */
const byNameNote = (check: ParameterCheck): string =>
  check.target.reference.arn === undefined && !readsSecret(check.target.reference)
    ? ` ${PARAMETER_BY_NAME_RULE.charAt(0).toUpperCase()}${PARAMETER_BY_NAME_RULE.slice(1)}.`
    : '';

const readDocument = (check: ParameterCheck, sidSuffix: string) => {
  const read = readDocumentOf(check.session.facts.authType);
  return documentFor(read.id, `${read.prefix}${sidSuffix}`, check.session.facts, {
    parameters: [bareId(check)],
  });
};

/**
 * GetParameters listed the reference in InvalidParameters: the parameter is missing, or only
 * the version or label it selects (asked once more without the selector to tell which).
 */
export async function parameterMissing(check: ParameterCheck): Promise<StepOutcome> {
  if (readsSecret(check.target.reference)) return secretReferenceMissing(check);
  const { target, session } = check;
  const region = session.facts.region;
  const { version, label } = target.reference;
  if (version !== undefined || label !== undefined) {
    const latest = await getOne(check, bareId(check), false).catch(() => ({
      parameter: undefined,
    }));
    if (latest.parameter) {
      const wanted = version !== undefined ? `version ${version}` : `a version labelled '${label}'`;
      return {
        status: 'fail',
        problem: 'PARAMETER_VERSION_NOT_FOUND',
        finding: `parameter '${bareId(check)}' exists (latest version ${latest.parameter.Version}), but has no ${wanted} (used by ${target.usedBy.join(', ')})`,
        remedy: `Reference a version or label that exists (aws ssm get-parameter-history --name ${bareId(check)} lists them), or label one: aws ssm label-parameter-version --name ${bareId(check)} --parameter-version <version> --labels ${label ?? '<label>'}.`,
      };
    }
  }
  const shared = check.crossAccount ? ` ${CROSS_ACCOUNT_PARAMETER_RULE}.` : '';
  return {
    status: 'fail',
    problem: 'PARAMETER_NOT_FOUND',
    finding: `Parameter Store in ${region} has no parameter '${bareId(check)}' (used by ${target.usedBy.join(', ')})`,
    remedy: `Check the name (names are case-sensitive; a name in a hierarchy begins with /) and that the parameter exists in ${region}, the vault's region.${shared}${byNameNote(check)}`,
  };
}

/** A refused ssm:GetParameters (not an explicit Deny): the agent's policy, or the share. */
export function parameterDenied(check: ParameterCheck, failure: AwsFailure): StepOutcome {
  const said = `AWS said: ${failure.message}`;
  const what = `ssm:GetParameters on parameter '${check.target.parameterId}'`;
  const document = readDocument(check, 'ReadParameters');
  if (check.crossAccount) {
    const owner = check.target.reference.arn?.accountId;
    return {
      status: 'fail',
      problem: 'PARAMETER_NOT_SHARED',
      finding: `${what} was denied: it belongs to account ${owner}, not the agent's account ${check.session.identity.account}. ${said}`,
      document,
      remedy:
        `${CROSS_ACCOUNT_PARAMETER_RULE}. In account ${owner}: move it to the advanced tier (aws ssm put-parameter --name ${check.target.reference.name} --tier Advanced --overwrite ...) and share it with ${check.session.identity.account} (aws ram create-resource-share --resource-arns ${bareId(check)} --principals ${check.session.identity.account}). ${remedyFor(document, '')}`.trim(),
    };
  }
  return {
    status: 'fail',
    problem: 'IDENTITY_POLICY_MISSING_READ',
    finding: `${what} was denied: no identity-based policy of ${check.session.identity.arn} allows it. ${said}`,
    document,
    remedy: `${remedyFor(document, 'Allow ssm:GetParameter and ssm:GetParameters on the parameter.')}${byNameNote(check)}`,
  };
}

/**
 * GetParameters could read the SecureString but not decrypt it: Parameter Store calls
 * kms:Decrypt as the agent, through ssm.<region>.amazonaws.com. Across accounts the key must be
 * a customer managed key whose policy allows the agent's account; in the account, the agent's
 * identity policy must allow kms:Decrypt through Parameter Store (unless the key is aws/ssm).
 */
export async function decryptDenied(
  check: ParameterCheck,
  failure: AwsFailure,
): Promise<StepOutcome> {
  const said = `AWS said: ${failure.message}`;
  const via = awsServiceHost('ssm', check.session.facts.region);
  const key = check.crossAccount ? {} : await parameterKeyOf(check);
  const named = key.keyId ? `its KMS key ${key.keyId}` : 'its KMS key';
  const what = `Parameter Store could read SecureString '${check.target.parameterId}' but not decrypt it with ${named} for the agent (kms:Decrypt through ${via})`;
  if (check.crossAccount) {
    const owner = check.target.reference.arn?.accountId;
    return {
      status: 'fail',
      problem: 'KMS_ACCESS_DENIED',
      finding: `${what}. ${said}`,
      remedy: `A SecureString another account shares must be encrypted with a customer managed key of account ${owner} (${AWS_MANAGED_PARAMETER_KEY_RULE}) whose key policy allows kms:Decrypt to account ${check.session.identity.account} with kms:ViaService ${via}; the agent's identity policy must allow it too.`,
    };
  }
  if (key.keyId === AWS_MANAGED_KEY) {
    return {
      status: 'fail',
      problem: 'KMS_ACCESS_DENIED',
      finding: `${what}: the AWS managed key allows every principal of the account through Parameter Store, so a Deny (a permissions boundary, a service control policy, a session policy) refused it. ${said}`,
      remedy:
        adviceFor(failure.classified, { region: check.session.facts.region }) ??
        'Find the Deny on kms:Decrypt that matches the agent and narrow it.',
    };
  }
  return (
    parameterKeyStateOutcome(key, check, failure) ?? undeterminedDecryptOutcome(key, check, failure)
  );
}

/**
 * Not found by code, throttled, unreachable, or anything else GetParameters answered; for a
 * secret reference, a ValidationException is Secrets Manager's refusal passed on.
 */
export function otherParameterFailure(
  failure: AwsFailure,
  region: string,
  reference?: ParameterReference,
): StepOutcome {
  if (reference && readsSecret(reference) && failure.name === 'ValidationException') {
    return secretReferenceFailure(reference, failure, region);
  }
  const unavailable = ['unavailable', 'timeout', 'throttled'].includes(failure.classified.kind);
  return {
    status: 'fail',
    problem: unavailable ? 'UNAVAILABLE' : 'UNKNOWN',
    finding: `GetParameters failed: ${failure.name}: ${failure.message}`,
    remedy: unavailable
      ? `Check network access to the Systems Manager endpoint of ${region}, then run diagnose again.`
      : (adviceFor(failure.classified, { region }) ?? 'Run diagnose again with --verbose.'),
  };
}
