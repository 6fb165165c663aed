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
  readInstanceRoleArn,
  toAuthError,
} from '@vaultline/auth';
import type { AuthType } from '@vaultline/policies';
import { roleArnOfSession, type SetupFacts, userArnOf } from './documents.js';
import { assumeRoleFailure, authFailure } from './identity-failures.js';
import type { StepOutcome, StepRunner } from './runner.js';
import type { DiagnoseCheck, DiagnoseOptions } from './types.js';

/** Who vaultline reads secrets as, once signed in (and, role-based, after AssumeRole). */
export interface AgentSession {
  credentials: AwsCredentialIdentityProvider;
  identity: CallerIdentity;
  facts: SetupFacts;
}

/** The vault as diagnose reads it: auth's input, with the region and externalId it names. */
export type DiagnoseVault = AuthVaultInput & { region: string; externalId?: string | undefined };
type RoleBasedVault = Extract<DiagnoseVault, { authType: 'role-based' }>;

/** The strategy that signs in first, and where its credentials come from, in words. */
interface FirstStrategy {
  strategy: AuthStrategy;
  source: string;
}

const SOURCE_WORDS: Record<string, string> = {
  'access-key': 'the configured access key',
  'instance-profile': 'the EC2 instance profile (instance metadata service)',
  'default-chain': 'the AWS SDK default credential chain',
};

/** The options of every auth strategy diagnose creates: the caller's HTTP handler, if any. */
const authOptionsOf = (options: DiagnoseOptions) =>
  options.requestHandler ? { requestHandler: options.requestHandler as never } : {};

/** The strategy that signs in first: for role-based, the source of AssumeRole. */
function firstStrategy(vault: DiagnoseVault, options: DiagnoseOptions): FirstStrategy {
  const authOptions = authOptionsOf(options);
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

function factsFor(vault: DiagnoseVault, identity: CallerIdentity, sourceArn?: string): SetupFacts {
  const facts: SetupFacts = {
    region: vault.region,
    authType: vault.authType as AuthType,
    agentAccountId: identity.account,
  };
  if (vault.authType === 'role-based') {
    facts.agentRoleArn = vault.roleChain?.at(-1)?.roleArn ?? vault.iamRole;
    const sourceRole = sourceArn ? roleArnOfSession(sourceArn) : undefined;
    // Instance credentials are the instance role; any other source (an IAM user, an SSO or
    // CI role) is trusted as the source principal.
    if (sourceRole && vault.sourceCredentials !== 'default-chain') {
      facts.instanceRoleArn = sourceRole;
    } else {
      const source = sourceRole ?? (sourceArn ? userArnOf(sourceArn) : undefined);
      const kept = (vault as { sourcePrincipalArn?: string }).sourcePrincipalArn;
      if (source ?? kept) facts.sourcePrincipalArn = source ?? kept;
    }
    if (vault.externalId) facts.externalId = vault.externalId;
    return facts;
  }
  const role = roleArnOfSession(identity.arn);
  if (role) facts.agentRoleArn = role;
  else if (userArnOf(identity.arn)) facts.agentUserArn = identity.arn;
  return facts;
}

/**
 * Signs in as the config says: credentials, caller identity and, for role-based vaults,
 * AssumeRole. Returns the agent's session, or undefined when a step failed (the rest of
 * this phase is then reported as skipped).
 */
export async function checkIdentity(
  vault: DiagnoseVault,
  options: DiagnoseOptions,
  runner: StepRunner,
): Promise<AgentSession | undefined> {
  const baseFacts: SetupFacts = { region: vault.region, authType: vault.authType as AuthType };
  if (vault.authType === 'role-based') {
    baseFacts.agentRoleArn = vault.iamRole;
    if (vault.externalId) baseFacts.externalId = vault.externalId;
  }
  const isRoleBased = vault.authType === 'role-based';
  const signedIn = await checkCredentials(vault, options, runner, baseFacts);
  if (!signedIn) {
    await runner.skip(
      'caller-identity',
      'Caller identity (sts:GetCallerIdentity)',
      undefined,
      'skipped: no credentials',
    );
    if (isRoleBased) await skipAssumeRole(runner, 'skipped: no credentials');
    return undefined;
  }
  const source = await checkCallerIdentity(signedIn, runner, baseFacts);
  if (!source) {
    if (isRoleBased) await skipAssumeRole(runner, 'skipped: the caller identity is unknown');
    return undefined;
  }
  if (vault.authType !== 'role-based') {
    return {
      credentials: signedIn.strategy.credentials,
      identity: source,
      facts: factsFor(vault, source),
    };
  }
  return checkAssumeRole(vault, options, runner, source);
}

const skipAssumeRole = (runner: StepRunner, reason: string) =>
  runner.skip('assume-role', 'AssumeRole on the configured role', undefined, reason);

/**
 * Runs one sign-in step: `attempt` gives a value and the finding that says it passed; what
 * it throws becomes the step's failure, explained by `failed`. The value, or undefined when
 * the step did not pass (then the steps after it are reported as skipped).
 */
async function signInStep<T>(
  runner: StepRunner,
  check: DiagnoseCheck,
  title: string,
  attempt: () => Promise<{ value: T; finding: string }>,
  failed: (error: unknown) => StepOutcome | Promise<StepOutcome>,
): Promise<T | undefined> {
  let value: T | undefined;
  const step = await runner.run(check, title, undefined, async () => {
    try {
      const passed = await attempt();
      value = passed.value;
      return { status: 'pass', finding: passed.finding };
    } catch (error) {
      return await failed(error);
    }
  });
  return step.status === 'fail' ? undefined : value;
}

/** The credentials step; the strategy that obtained them, or undefined when it failed. */
function checkCredentials(
  vault: DiagnoseVault,
  options: DiagnoseOptions,
  runner: StepRunner,
  baseFacts: SetupFacts,
): Promise<FirstStrategy | undefined> {
  const source =
    SOURCE_WORDS[
      vault.authType === 'role-based'
        ? (vault.sourceCredentials ?? 'instance-profile')
        : vault.authType
    ] ?? 'the configured source';
  return signInStep(
    runner,
    'credentials',
    'Credentials can be obtained',
    async () => {
      const first = firstStrategy(vault, options);
      await first.strategy.credentials();
      return { value: first, finding: `obtained credentials from ${first.source}` };
    },
    async (error) =>
      authFailure(
        error,
        await withInstanceRole(vault, baseFacts, error),
        `getting credentials from ${source}`,
      ),
  );
}

/** sts:GetCallerIdentity with the first credentials; undefined when it failed. */
function checkCallerIdentity(
  signedIn: FirstStrategy,
  runner: StepRunner,
  baseFacts: SetupFacts,
): Promise<CallerIdentity | undefined> {
  return signInStep(
    runner,
    'caller-identity',
    'Caller identity (sts:GetCallerIdentity)',
    async () => {
      const identity = await signedIn.strategy.describeIdentity();
      return {
        value: identity,
        finding: `signed in as ${identity.arn} (account ${identity.account})`,
      };
    },
    (error) => authFailure(error, baseFacts, 'sts:GetCallerIdentity'),
  );
}

/** AssumeRole on the configured role, signed in as `source`; the agent's session, or undefined. */
function checkAssumeRole(
  vault: RoleBasedVault,
  options: DiagnoseOptions,
  runner: StepRunner,
  source: CallerIdentity,
): Promise<AgentSession | undefined> {
  const facts = factsFor(vault, source, source.arn);
  return signInStep(
    runner,
    'assume-role',
    `AssumeRole on ${vault.iamRole}`,
    async () => {
      const strategy = createRoleBasedStrategy(vault, authOptionsOf(options));
      await strategy.credentials();
      const assumed = await strategy.describeIdentity();
      return {
        value: {
          credentials: strategy.credentials,
          identity: assumed,
          facts: { ...facts, agentAccountId: assumed.account },
        },
        finding: `${source.arn} assumed ${vault.iamRole}${vault.externalId ? ' with the configured externalId' : ''}; now acting as ${assumed.arn}`,
      };
    },
    (error) => assumeRoleFailure(error, vault, facts),
  );
}

/**
 * For an instance profile whose credentials could not be had, the facts with its role (from
 * instance metadata, which names it even when EC2 may not assume it), so that the fix to the
 * role's trust policy says which role.
 */
async function withInstanceRole(
  vault: DiagnoseVault,
  facts: SetupFacts,
  error: unknown,
): Promise<SetupFacts> {
  if (vault.authType !== 'instance-profile' || facts.agentRoleArn) return facts;
  if (toAuthError(error).hint !== AUTH_HINTS.instanceRoleTrust) return facts;
  const role = await readInstanceRoleArn(vault.instanceMetadata);
  return role ? { ...facts, agentRoleArn: role } : facts;
}
