import { createDescribeIdentity } from '../../describe-identity.js';
import { AuthError } from '../../errors.js';
import { AUTH_HINTS } from '../../hints.js';
import { deriveSessionName, isValidSessionName } from '../../session-name.js';
import { resolveStsEndpoint } from '../../sts-endpoint.js';
import type { AuthOptions, AuthStrategy } from '../../types.js';
import type { RoleBasedVaultInput } from '../../vault.js';
import { type AssumeRoleStep, createAssumeRoleProvider } from './assume-role.js';
import { createSourceCredentials } from './source-credentials.js';

function checkSessionName(name: string, where: string): string {
  if (!isValidSessionName(name)) {
    throw new AuthError(
      'INVALID_CONFIG',
      `${where} must be 2 to 64 characters of letters, digits and _+=,.@-; got "${name}".`,
      { cause: new Error('invalid RoleSessionName'), hint: AUTH_HINTS.config },
    );
  }
  return name;
}

/**
 * The role-based strategy: source credentials (instance profile by default, or the SDK
 * default chain), then sts:AssumeRole on `iamRole` and on each `roleChain` entry in order,
 * on the STS endpoint chosen by `resolveStsEndpoint`. Every step renews itself before
 * expiry; concurrent callers share one AssumeRole. STS endpoint contradictions throw
 * here, before any call.
 *
 * @example
 * const strategy = createRoleBasedStrategy({
 *   authType: 'role-based',
 *   region: 'us-east-2',
 *   iamRole: 'arn:aws:iam::123456789012:role/secrets-reader',
 *   stsEndpoint: 'https://sts.us-east-2.amazonaws.com',
 * });
 * const client = new SecretsManagerClient({ region: 'us-east-2', credentials: strategy.credentials });
 */
export function createRoleBasedStrategy(
  vault: RoleBasedVaultInput,
  options: AuthOptions = {},
): AuthStrategy {
  const endpoint = resolveStsEndpoint(vault);
  const defaultName = deriveSessionName(options.hostname);
  const steps: AssumeRoleStep[] = [
    {
      roleArn: vault.iamRole,
      sessionName: checkSessionName(vault.sessionName ?? defaultName, 'sessionName'),
      externalId: vault.externalId,
      durationSeconds: vault.durationSeconds,
    },
    ...(vault.roleChain ?? []).map((entry, index) => ({
      roleArn: entry.roleArn,
      sessionName: checkSessionName(
        entry.sessionName ?? vault.sessionName ?? defaultName,
        `roleChain[${index}].sessionName`,
      ),
      externalId: entry.externalId,
      durationSeconds: vault.durationSeconds,
    })),
  ];
  options.logger?.debug?.(
    `auth: role-based via ${endpoint.url} (${endpoint.kind}, signed for ${endpoint.signingRegion}); source ${vault.sourceCredentials ?? 'instance-profile'}; roles ${steps.map((s) => s.roleArn).join(' -> ')}`,
  );
  let credentials = createSourceCredentials(vault, options);
  for (const step of steps) {
    credentials = createAssumeRoleProvider(credentials, step, endpoint, options);
  }
  const final = credentials;
  return {
    name: 'role-based',
    credentials: () => final(),
    describeIdentity: createDescribeIdentity(final, () => endpoint, options),
  };
}
