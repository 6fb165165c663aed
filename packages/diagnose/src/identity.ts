import type { AwsCredentialIdentityProvider } from '@smithy/types';
import {
  AUTH_HINTS,
  type AuthStrategy,
  type AuthVaultInput,
  type CallerIdentity,
  createAuthStrategy,
  createDefaultChainStrategy,
  createInstanceProfileStrategy,
  createRoleBasedStrategy,
  toAuthError,
} from '@vaultline/auth';
import type { AuthType } from '@vaultline/policies';
import { awsCauseOf, failureOf, mentionsExternalId } from './classify.js';
import {
  documentFor,
  remedyFor,
  roleArnOfSession,
  type SetupFacts,
  userArnOf,
} from './documents.js';
import type { StepOutcome, StepRunner } from './runner.js';
import type { DiagnoseOptions } from './types.js';

/** Who vaultline reads secrets as, once signed in (and, role-based, after AssumeRole). */
export interface AgentSession {
  credentials: AwsCredentialIdentityProvider;
  identity: CallerIdentity;
  facts: SetupFacts;
}

type Vault = AuthVaultInput & { region: string; externalId?: string | undefined };

const SOURCE_WORDS: Record<string, string> = {
  'access-key': 'the configured access key',
  'instance-profile': 'the EC2 instance profile (instance metadata service)',
  'default-chain': 'the AWS SDK default credential chain',
};

/** The strategy that signs in first: for role-based, the source of AssumeRole. */
function firstStrategy(
  vault: Vault,
  options: DiagnoseOptions,
): { strategy: AuthStrategy; source: string } {
  const authOptions = options.requestHandler
    ? { requestHandler: options.requestHandler as never }
    : {};
  if (vault.authType !== 'role-based') {
    return {
      strategy: createAuthStrategy(vault, authOptions),
      source: SOURCE_WORDS[vault.authType]!,
    };
  }
  const base = { region: vault.region, instanceMetadata: vault.instanceMetadata };
  return vault.sourceCredentials === 'default-chain'
    ? {
        strategy: createDefaultChainStrategy({ authType: 'default-chain', ...base }, authOptions),
        source: SOURCE_WORDS['default-chain']!,
      }
    : {
        strategy: createInstanceProfileStrategy(
          { authType: 'instance-profile', ...base },
          authOptions,
        ),
        source: SOURCE_WORDS['instance-profile']!,
      };
}

function factsFor(vault: Vault, identity: CallerIdentity, sourceArn?: string): SetupFacts {
  const facts: SetupFacts = {
    region: vault.region,
    authType: vault.authType as AuthType,
    agentAccountId: identity.account,
  };
  if (vault.authType === 'role-based') {
    facts.agentRoleArn = vault.roleChain?.at(-1)?.roleArn ?? vault.iamRole;
    const instanceRole = sourceArn ? roleArnOfSession(sourceArn) : undefined;
    if (instanceRole) facts.instanceRoleArn = instanceRole;
    if (vault.externalId) facts.externalId = vault.externalId;
    return facts;
  }
  const role = roleArnOfSession(identity.arn);
  if (role) facts.agentRoleArn = role;
  else if (userArnOf(identity.arn)) facts.agentUserArn = identity.arn;
  return facts;
}

/** A failed sign-in, explained with auth's code and hint. */
function authFailure(error: unknown, fallbackFacts: SetupFacts, what: string): StepOutcome {
  const authError = toAuthError(error);
  if (authError.hint === AUTH_HINTS.instanceRoleTrust) {
    const document =
      fallbackFacts.authType === 'instance-profile'
        ? documentFor('trust-policy', 'TrustEc2Service', fallbackFacts)
        : undefined;
    return {
      status: 'fail',
      problem: 'INSTANCE_ROLE_NOT_TRUSTED_BY_EC2',
      finding: `${what} failed: the instance metadata service has a role for this instance but EC2 may not assume it (${authError.message})`,
      document,
      remedy: remedyFor(document, authError.hint),
    };
  }
  const unavailable = ['CREDENTIALS_UNAVAILABLE', 'IMDS_UNREACHABLE'].includes(authError.code);
  return {
    status: 'fail',
    problem: unavailable ? 'CREDENTIALS_UNAVAILABLE' : 'AUTH_FAILED',
    finding: `${what} failed (${authError.code}): ${authError.message}`,
    remedy: authError.hint,
  };
}

/** AssumeRole denied: the trust policy does not name the caller, or the ExternalId is off. */
function assumeRoleFailure(error: unknown, vault: Vault, facts: SetupFacts): StepOutcome {
  const authError = toAuthError(error);
  if (authError.code !== 'ASSUME_ROLE_DENIED') return authFailure(error, facts, 'sts:AssumeRole');
  const failure = failureOf(awsCauseOf(error));
  const roleArn = vault.authType === 'role-based' ? vault.iamRole : 'the role';
  const selfAssume =
    facts.instanceRoleArn !== undefined && facts.instanceRoleArn === facts.agentRoleArn;
  const sid = facts.instanceRoleArn
    ? selfAssume
      ? 'TrustSelfAssume'
      : 'TrustInstanceRole'
    : 'TrustEc2Service';
  const document = documentFor('trust-policy', sid, facts);
  const caller = facts.instanceRoleArn ?? 'the instance role';
  if (mentionsExternalId(failure)) {
    return {
      status: 'fail',
      problem: 'EXTERNAL_ID_MISMATCH',
      finding: `sts:AssumeRole on ${roleArn} was denied: the trust policy names ${caller}, but its sts:ExternalId condition does not match ${vault.externalId ? 'the configured externalId' : 'the request, which sent no externalId'}. AWS said: ${failure.message}`,
      document,
      remedy: vault.externalId
        ? `Make vault.externalId equal the sts:ExternalId value of the trust policy of ${roleArn} (or update the policy). ${remedyFor(document, '')}`.trim()
        : `Set vault.externalId to the sts:ExternalId value the trust policy of ${roleArn} requires.`,
    };
  }
  const precise = /allows neither|does not trust|trust policy of/.test(failure.message);
  return {
    status: 'fail',
    problem: precise ? 'TRUST_POLICY_MISSING_CALLER' : 'ASSUME_ROLE_DENIED',
    finding: precise
      ? `sts:AssumeRole on ${roleArn} was denied: its trust policy does not allow ${caller}. AWS said: ${failure.message}`
      : `sts:AssumeRole on ${roleArn} was denied: the trust policy does not allow ${caller}${vault.externalId ? ', or its sts:ExternalId condition differs from the configured externalId' : ''} (AWS does not say which). AWS said: ${failure.message}`,
    document,
    remedy: remedyFor(document, authError.hint),
  };
}

/**
 * Signs in as the config says: credentials, caller identity and, for role-based vaults,
 * AssumeRole. Returns the agent's session, or undefined when a step failed (the rest of
 * this phase is then reported as skipped).
 */
export async function checkIdentity(
  vault: Vault,
  options: DiagnoseOptions,
  runner: StepRunner,
): Promise<AgentSession | undefined> {
  const baseFacts: SetupFacts = { region: vault.region, authType: vault.authType as AuthType };
  if (vault.authType === 'role-based') {
    baseFacts.agentRoleArn = vault.iamRole;
    if (vault.externalId) baseFacts.externalId = vault.externalId;
  }
  let first: ReturnType<typeof firstStrategy> | undefined;
  const credentialsStep = await runner.run(
    'credentials',
    'Credentials can be obtained',
    undefined,
    async () => {
      try {
        first = firstStrategy(vault, options);
        await first.strategy.credentials();
        return { status: 'pass', finding: `obtained credentials from ${first.source}` };
      } catch (error) {
        first = undefined;
        return authFailure(
          error,
          baseFacts,
          `getting credentials from ${SOURCE_WORDS[vault.authType === 'role-based' ? (vault.sourceCredentials ?? 'instance-profile') : vault.authType] ?? 'the configured source'}`,
        );
      }
    },
  );
  const isRoleBased = vault.authType === 'role-based';
  if (credentialsStep.status === 'fail' || !first) {
    await runner.skip(
      'caller-identity',
      'Caller identity (sts:GetCallerIdentity)',
      undefined,
      'skipped: no credentials',
    );
    if (isRoleBased)
      await runner.skip(
        'assume-role',
        'AssumeRole on the configured role',
        undefined,
        'skipped: no credentials',
      );
    return undefined;
  }
  const signedIn = first;
  let identity: CallerIdentity | undefined;
  const identityStep = await runner.run(
    'caller-identity',
    'Caller identity (sts:GetCallerIdentity)',
    undefined,
    async () => {
      try {
        identity = await signedIn.strategy.describeIdentity();
        return {
          status: 'pass',
          finding: `signed in as ${identity.arn} (account ${identity.account})`,
        };
      } catch (error) {
        return authFailure(error, baseFacts, 'sts:GetCallerIdentity');
      }
    },
  );
  if (identityStep.status === 'fail' || !identity) {
    if (isRoleBased)
      await runner.skip(
        'assume-role',
        'AssumeRole on the configured role',
        undefined,
        'skipped: the caller identity is unknown',
      );
    return undefined;
  }
  const source = identity;
  if (vault.authType !== 'role-based') {
    return {
      credentials: signedIn.strategy.credentials,
      identity: source,
      facts: factsFor(vault, source),
    };
  }
  const facts = factsFor(vault, source, source.arn);
  let session: AgentSession | undefined;
  await runner.run('assume-role', `AssumeRole on ${vault.iamRole}`, undefined, async () => {
    const authOptions = options.requestHandler
      ? { requestHandler: options.requestHandler as never }
      : {};
    try {
      const strategy = createRoleBasedStrategy(vault, authOptions);
      await strategy.credentials();
      const assumed = await strategy.describeIdentity();
      session = {
        credentials: strategy.credentials,
        identity: assumed,
        facts: { ...facts, agentAccountId: assumed.account },
      };
      return {
        status: 'pass',
        finding: `${source.arn} assumed ${vault.iamRole}${vault.externalId ? ' with the configured externalId' : ''}; now acting as ${assumed.arn}`,
      };
    } catch (error) {
      return assumeRoleFailure(error, vault, facts);
    }
  });
  return session;
}
