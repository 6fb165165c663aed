import {
  AWS_MANAGED_PARAMETER_KEY_RULE,
  awsServiceHost,
  CROSS_ACCOUNT_PARAMETER_RULE,
} from '@vaultline/secret-names';
import {
  type AccessDenial,
  type AwsFailure,
  actionOf,
  type DenyingDocument,
} from './aws-failure.js';
import { servesParameterStore } from './client.js';

/** What the advice may say about the call besides AWS's answer. */
export interface AdviceContext {
  /** The secret as requested (a name or an ARN). */
  secretId?: string | undefined;
  /** True when the secret is known to be in another account; undefined when unknown. */
  crossAccount?: boolean | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  /** The parameter as requested (name or ARN, with its `:<version>` or `:<label>`). */
  parameterId?: string | undefined;
  /** The parameter's name or ARN without the selector, as the AWS CLI takes it. */
  parameterName?: string | undefined;
  /** The ARN an IAM policy names for that parameter: arn:…:ssm:<region>:<account>:parameter/<name>. */
  parameterArn?: string | undefined;
}

const WHERE: Record<DenyingDocument, (who: string, resource: string) => string> = {
  'identity-policy': (who) => `an identity-based policy of ${who}`,
  'resource-policy': (_who, resource) => `the resource policy of ${resource}`,
  'key-policy': (_who, resource) => `the key policy of ${resource}`,
  'trust-policy': (_who, resource) => `the trust policy of ${resource}`,
  'permissions-boundary': (who) => `the permissions boundary of ${who}`,
  'service-control-policy': () =>
    "a service control policy of the account's AWS Organization (its administrator can change it)",
  'resource-control-policy': () =>
    "a resource control policy of the account's AWS Organization (its administrator can change it)",
  'session-policy': () => 'the session policy passed when the role session was created',
  'vpc-endpoint-policy': () => 'the policy of the VPC endpoint the request went through',
};

/**
 * The fix for a classified AWS failure, worded for the person who can apply it: it names
 * the operation that was refused and a change that can work (for an explicit deny, the
 * statement to remove or narrow, never an allow to add).
 *
 * @example
 * adviceFor(classifyAwsFailure('AccessDeniedException', '… with an explicit deny in a resource-based policy', 400, 'GetSecretValue'), {});
 * // 'the resource policy of … has a Deny statement that matches secretsmanager:GetSecretValue …: remove that statement or narrow it …'
 */
export function adviceFor(failure: AwsFailure, context: AdviceContext = {}): string | undefined {
  switch (failure.kind) {
    case 'access-denied':
    case 'kms-access-denied':
      return accessAdvice(failure, context);
    case 'key-unusable':
      return KEY_UNUSABLE;
    case 'version-not-found':
      return versionAdvice(failure, context);
    case 'parameter-not-found':
    case 'parameter-version-not-found':
      return parameterMissingAdvice(failure, context);
    case 'secret-not-found':
      return `check the secret name and that it exists in the vault's region${context.region ? ` (${context.region})` : ''}; a secret in another account must be referenced by its full ARN`;
    case 'secret-deleted':
      return 'the secret is scheduled for deletion: restore it (aws secretsmanager restore-secret) or point the reference at the secret that replaces it';
    case 'throttled':
    case 'unavailable':
    case 'timeout':
      return isParameterStoreCall(failure, context)
        ? parameterStoreTroubleAdvice(failure.kind, context)
        : secretsManagerTroubleAdvice(failure.kind, context);
    case 'credentials':
      return 'the resolver could not authenticate to AWS: run `vaultline validate` on the vault configuration and check the credentials it names';
    default:
      return undefined;
  }
}

/** A read of a parameter, or a Parameter Store call about none (DescribeParameters). */
const isParameterStoreCall = (failure: AwsFailure, context: AdviceContext): boolean =>
  context.parameterId !== undefined ||
  (failure.operation !== undefined && actionOf(failure.operation).startsWith('ssm:'));

function secretsManagerTroubleAdvice(
  kind: 'throttled' | 'unavailable' | 'timeout',
  context: AdviceContext,
): string {
  if (kind === 'throttled') {
    return 'Secrets Manager is throttling these calls: raise cache.ttlSeconds, prefetch at start, or request a higher quota';
  }
  if (kind === 'unavailable') {
    return `check network access to the Secrets Manager endpoint${context.endpoint ? ` (${context.endpoint})` : ''} and the AWS Health Dashboard; cached values are served stale up to cache.maxStaleSeconds`;
  }
  return 'Secrets Manager did not answer in time: check network access to the endpoint, or raise requestTimeoutMs';
}

/**
 * Throttling, outages and timeouts of a parameter read, in Parameter Store's terms: its calls
 * go to the SSM endpoint (the vault endpoint only when that serves SSM too, as the client
 * decides), which a private subnet reaches through an `ssm` interface VPC endpoint, not the
 * `secretsmanager` one.
 */
function parameterStoreTroubleAdvice(
  kind: 'throttled' | 'unavailable' | 'timeout',
  context: AdviceContext,
): string {
  if (kind === 'throttled') {
    return 'Parameter Store is throttling these calls: raise cache.ttlSeconds, prefetch at start, or raise its throughput (aws ssm update-service-setting --setting-id /ssm/parameter-store/high-throughput-enabled --setting-value true)';
  }
  const endpoint = servesParameterStore(context.endpoint)
    ? context.endpoint
    : context.region
      ? `https://${awsServiceHost('ssm', context.region)}`
      : 'ssm.<region>.amazonaws.com';
  const network = `check network access to the Parameter Store endpoint (${endpoint}; from a private subnet, an ssm interface VPC endpoint)`;
  if (kind === 'unavailable') {
    return `${network} and the AWS Health Dashboard; cached values are served stale up to cache.maxStaleSeconds`;
  }
  return `Parameter Store did not answer in time: ${network}, or raise requestTimeoutMs`;
}

const KEY_UNUSABLE =
  "Secrets Manager could not use the secret's KMS key, which is disabled or pending deletion (aws kms describe-key --key-id <key> shows its KeyState; aws secretsmanager describe-secret shows the key): enable it with aws kms enable-key --key-id <key>, or first cancel its deletion with aws kms cancel-key-deletion --key-id <key>. `vaultline doctor` reads the key state";

function versionAdvice(failure: AwsFailure, context: AdviceContext): string {
  const secret = context.secretId ?? '<secret>';
  const wanted = failure.versionStage
    ? `no version with the staging label ${failure.versionStage}`
    : failure.versionId
      ? `no version with the id ${failure.versionId}`
      : 'no such version';
  return `the secret exists but has ${wanted}: list its versions with aws secretsmanager list-secret-version-ids --secret-id ${secret}, and reference a stage or version id it has (without one, vaultline reads AWSCURRENT)`;
}

function accessAdvice(failure: AwsFailure, context: AdviceContext): string {
  const denial = failure.denial ?? {};
  const action = denial.action ?? actionOf(failure.operation ?? 'GetSecretValue');
  const who = roleOf(denial.principalArn) ?? 'the role or user vaultline runs as';
  // AWS names a secret as the request gave it: an ARN stays as it is, a name is worded.
  const named = denial.resourceArn ?? context.parameterArn ?? context.secretId;
  const resource =
    named === undefined ? '*' : /^arn:|^\*$/.test(named) ? named : `secret '${named}'`;
  if (denial.explicitDeny === true && denial.document) {
    return `${WHERE[denial.document](who, resource)} has a Deny statement that matches ${action} on ${resource} for ${who}: remove that statement or narrow it (its Principal, Resource, Action or Condition) so that it no longer matches; adding an Allow never overrides a Deny`;
  }
  const outside = denial.document && OUTSIDE_DOCUMENTS.has(denial.document);
  if (outside && denial.document) {
    return `${WHERE[denial.document](who, resource)} does not allow ${action}: it must allow ${action} for ${who} as well as its policies`;
  }
  if (failure.kind === 'kms-access-denied' || action.startsWith('kms:')) {
    return context.parameterId !== undefined
      ? parameterKmsAdvice(action, who, context)
      : kmsAdvice(action, who, context);
  }
  if (action.startsWith('ssm:')) return parameterReadAdvice(action, who, resource, context);
  return (
    byNameAdvice(action, who, denial, context) ??
    allowAdvice(action, who, denial.resourceArn, denial.document, context)
  );
}

const NOT_PER_SECRET = new Set([
  'secretsmanager:ListSecrets',
  'secretsmanager:BatchGetSecretValue',
]);

/**
 * A secret referenced by name and refused for want of an Allow. A name always refers to a
 * secret of the caller's own account, and AWS's refusal does not say whether the secret
 * exists there (it names the SecretId as given), so the advice gives both fixes: a secret of
 * this account needs the Allow; one of another account is referenced by its full ARN.
 */
function byNameAdvice(
  action: string,
  who: string,
  denial: AccessDenial,
  context: AdviceContext,
): string | undefined {
  const name = context.secretId;
  if (name === undefined || name.startsWith('arn:')) return undefined;
  if (!action.startsWith('secretsmanager:') || NOT_PER_SECRET.has(action)) return undefined;
  if (denial.document !== undefined && denial.document !== 'identity-policy') return undefined;
  const caller = /^arn:([\w-]+):(?:iam|sts)::(\d{12}):/.exec(denial.principalArn ?? '');
  const account = caller?.[2];
  const resource = denial.resourceArn?.startsWith('arn:')
    ? denial.resourceArn
    : account && context.region
      ? `arn:${caller?.[1]}:secretsmanager:${context.region}:${account}:secret:${name}-??????`
      : 'this secret';
  const readPolicy =
    action === 'secretsmanager:GetSecretValue' ? ': the read policy is not assigned' : '';
  return `allow ${action} on ${resource} in an identity-based policy of ${who}${readPolicy}; a name refers to a secret of ${account ? `account ${account}, ` : ''}the caller's own account, and a secret of another account must be referenced by its full ARN (arn:…:secret:<name>-AbCdEf)`;
}

const OUTSIDE_DOCUMENTS: ReadonlySet<DenyingDocument> = new Set([
  'permissions-boundary',
  'service-control-policy',
  'resource-control-policy',
  'session-policy',
  'vpc-endpoint-policy',
]);

function kmsAdvice(action: string, who: string, context: AdviceContext): string {
  const via = `secretsmanager.${context.region ?? '<region>'}.amazonaws.com`;
  const key = "the secret's KMS key";
  if (context.crossAccount === true) {
    return `${action} on ${key} was refused: a secret read from another account must be encrypted with a customer managed key (the AWS managed key aws/secretsmanager can never be used from another account); the key policy must allow ${action} for ${who} (condition kms:ViaService ${via}), and an identity-based policy of ${who} must allow ${action} on the key; a Deny statement in either that matches must be removed. \`vaultline doctor\` says which`;
  }
  return `${action} on ${key} was refused (Secrets Manager does not say by which document): the key policy must allow ${action} for ${who} (condition kms:ViaService ${via}), or grant the account root so that an identity-based policy of ${who} allowing ${action} on the key counts; a Deny statement that matches must be removed. \`vaultline doctor\` says which`;
}

function allowAdvice(
  action: string,
  who: string,
  resourceArn: string | undefined,
  document: DenyingDocument | undefined,
  context: AdviceContext,
): string {
  switch (action) {
    case 'secretsmanager:ListSecrets':
      return `allow secretsmanager:ListSecrets on Resource "*" in an identity-based policy of ${who}: AWS checks ListSecrets on "*" only, so it cannot be granted per secret, and vaultline's read policy does not include it (only \`vaultline list\` needs it)`;
    case 'secretsmanager:BatchGetSecretValue':
      return `allow secretsmanager:BatchGetSecretValue on Resource "*" (AWS checks it on "*" only) and secretsmanager:GetSecretValue on each secret in an identity-based policy of ${who}; without BatchGetSecretValue vaultline reads one secret per GetSecretValue call`;
    case 'sts:AssumeRole':
      return document === 'identity-policy'
        ? `allow sts:AssumeRole on ${resourceArn ?? 'the role'} in an identity-based policy of ${who}`
        : `the trust policy of ${resourceArn ?? 'the role'} must allow ${who} to call sts:AssumeRole, with an sts:ExternalId condition equal to vault.externalId when the config sets one (\`vaultline policy trust-policy\` prints it), and ${who} must be allowed sts:AssumeRole on the role`;
    default:
      return secretReadAdvice(action, who, document, context);
  }
}

function secretReadAdvice(
  action: string,
  who: string,
  document: DenyingDocument | undefined,
  context: AdviceContext,
): string {
  const identity = `allow ${action} on this secret in an identity-based policy of ${who}${action === 'secretsmanager:GetSecretValue' ? ': the read policy is not assigned' : ''}`;
  const resource = `the secret's resource policy (in the secret's account) must allow ${action} for ${who}`;
  if (document === 'resource-policy') return `${resource}; across accounts ${identity} as well`;
  if (document === 'identity-policy') return identity;
  if (context.crossAccount === true) return `${resource}, and ${identity}`;
  if (context.crossAccount === false) return identity;
  return `${identity}; if the secret is in another account, ${resource} too`;
}

/** The ARN a policy names for a caller: the role of an assumed-role session. */
function roleOf(principalArn: string | undefined): string | undefined {
  if (!principalArn) return undefined;
  const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principalArn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : principalArn;
}

/** The cross-account rule, when the parameter is known to belong to another account. */
const crossAccountNote = (context: AdviceContext): string =>
  context.crossAccount === true ? `; ${CROSS_ACCOUNT_PARAMETER_RULE}` : '';

/** The by-name rule of parameters, for a parameter referenced by name that is refused or missing (doctor says it too). */
export const PARAMETER_BY_NAME_RULE =
  'if the parameter belongs to another account (shared with yours through AWS RAM), reference it by its full ARN: a name always means a parameter of your own account';

/**
 * For a parameter named without its ARN: a name always means the signed-in account's
 * parameter, so a shared parameter of another account is refused or missing by name, and
 * the fix is its ARN, not an Allow on the own account's name.
 */
const byNameNote = (context: AdviceContext): string =>
  context.crossAccount !== true &&
  context.parameterName !== undefined &&
  !context.parameterName.startsWith('arn:')
    ? `; ${PARAMETER_BY_NAME_RULE}`
    : '';

function parameterReadAdvice(
  action: string,
  who: string,
  resource: string,
  context: AdviceContext,
): string {
  const identity = `allow ${action} on ${resource} in an identity-based policy of ${who} (\`vaultline policy\` prints the read policy, which includes the Parameter Store actions when the config references parameters)`;
  if (context.crossAccount !== true) return `${identity}${byNameNote(context)}`;
  return `${CROSS_ACCOUNT_PARAMETER_RULE}: the owner must share ${resource} with your account (AWS RAM resource share), and ${identity}`;
}

function parameterKmsAdvice(action: string, who: string, context: AdviceContext): string {
  const via = `ssm.${context.region ?? '<region>'}.amazonaws.com`;
  const shared =
    context.crossAccount === true
      ? `; a parameter shared from another account must be encrypted with a customer managed key (${AWS_MANAGED_PARAMETER_KEY_RULE}) whose key policy allows the reading account`
      : '';
  return `${action} on the KMS key of SecureString ${context.parameterArn ?? context.parameterId} was refused: Parameter Store decrypts with the caller's permission, so the key policy must allow ${action} for ${who} with the condition kms:ViaService ${via} (or grant the account root so that an identity-based policy of ${who} allowing ${action} on the key counts); a Deny statement that matches must be removed${shared}`;
}

function parameterMissingAdvice(failure: AwsFailure, context: AdviceContext): string {
  const name = context.parameterName ?? '<name>';
  const where = `in the vault's region${context.region ? ` (${context.region})` : ''}`;
  if (failure.kind === 'parameter-version-not-found') {
    return `the parameter exists but not that version: list its versions with aws ssm get-parameter-history --name ${name}, and reference one it has (without a selector vaultline reads the latest version)`;
  }
  return `check the parameter name (names are case-sensitive, and a name in a hierarchy starts with '/') and that it exists ${where}: aws ssm get-parameter --name ${name}; with a label selector, check that a version carries that label (aws ssm get-parameter-history shows labels)${crossAccountNote(context)}${byNameNote(context)}`;
}
