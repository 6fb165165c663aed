import { DescribeKeyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import {
  DescribeSecretCommand,
  type DescribeSecretResponse,
  GetSecretValueCommand,
  ListSecretsCommand,
} from '@aws-sdk/client-secrets-manager';
import { parseSecretArn, type SecretArn } from '@vaultline/secret-names';
import { type AwsFailure, deniedBy, failureOf, isAccessDenied, isKmsFailure } from './classify.js';
import type { DiagnoseClients } from './clients.js';
import { documentFor, readDocumentOf, remedyFor, type SecretFacts } from './documents.js';
import type { AgentSession } from './identity.js';
import { awsManagedKeyOutcome, type KeyContext, kmsDeniedOutcome } from './kms-findings.js';
import type { SecretTarget } from './references.js';
import type { StepOutcome, StepRunner } from './runner.js';

/** What the checks of one secret learn along the way. */
interface SecretState {
  target: SecretTarget;
  arn?: SecretArn | undefined;
  fullArn?: string | undefined;
  described: boolean;
  /** DescribeSecret's KmsKeyId; undefined with `described` means the AWS managed key. */
  kmsKeyId?: string | undefined;
  keyArn?: string | undefined;
  crossAccount: boolean;
  secretsAccountId: string;
}

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\/secretsmanager$/;

function otherFailure(action: string, failure: AwsFailure, region: string): StepOutcome {
  if (failure.name === 'ResourceNotFoundException') {
    return {
      status: 'fail',
      problem: 'SECRET_NOT_FOUND',
      finding: `${action}: Secrets Manager in ${region} has no such secret. AWS said: ${failure.message}`,
      remedy: `Check the name, and that the secret exists in ${region} (the vault's region): a secret in another region is not found from this region's endpoint, and a secret in another account must be referenced by its full ARN.`,
    };
  }
  if (failure.name === 'InvalidRequestException' && /delet/i.test(failure.message)) {
    return {
      status: 'fail',
      problem: 'SECRET_DELETED',
      finding: `${action}: the secret is scheduled for deletion. AWS said: ${failure.message}`,
      remedy:
        'Restore it (aws secretsmanager restore-secret) or reference the secret that replaces it.',
    };
  }
  return {
    status: 'fail',
    problem: /Throttl|Unavailable|Timeout|ECONN|socket|Internal/i.test(
      `${failure.name} ${failure.message}`,
    )
      ? 'UNAVAILABLE'
      : 'UNKNOWN',
    finding: `${action} failed: ${failure.name}: ${failure.message}`,
    remedy: 'Check network access to the Secrets Manager endpoint, then run diagnose again.',
  };
}

function secretFacts(state: SecretState): SecretFacts {
  return {
    secretArn: state.fullArn,
    secretsAccountId: state.secretsAccountId,
    kmsKeyArn: state.keyArn,
  };
}

/** A refused DescribeSecret or GetSecretValue (not KMS): identity policy or resource policy. */
function secretDenied(
  action: string,
  failure: AwsFailure,
  state: SecretState,
  session: AgentSession,
): StepOutcome {
  const said = `AWS said: ${failure.message}`;
  const facts = session.facts;
  const what = `${action} on secret '${state.target.secretId}'`;
  if (!state.crossAccount) {
    const read = readDocumentOf(facts.authType);
    const document = documentFor(read.id, `${read.prefix}ReadSecrets`, facts, secretFacts(state));
    return {
      status: 'fail',
      problem: 'IDENTITY_POLICY_MISSING_READ',
      finding: `${what} was denied: no identity-based policy of ${session.identity.arn} allows it. ${said}`,
      document,
      remedy: remedyFor(document, `Allow ${action} on the secret for the agent.`),
    };
  }
  const side = deniedBy(failure);
  if (side === 'identity') {
    const document = documentFor(
      'agent-cross-account-policy',
      'AgentPolicyReadCrossAccountSecrets',
      facts,
      secretFacts(state),
    );
    return {
      status: 'fail',
      problem: 'IDENTITY_POLICY_MISSING_READ',
      finding: `${what} was denied by the agent's own account: the secret's resource policy allows it, but no identity-based policy of the agent allows ${action} on this secret of account ${state.secretsAccountId}. ${said}`,
      document,
      remedy: remedyFor(document, `Allow ${action} on the secret in the agent's identity policy.`),
    };
  }
  const document = documentFor(
    'secret-resource-policy',
    'SecretPolicyAgentRead',
    facts,
    secretFacts(state),
  );
  return {
    status: 'fail',
    problem: 'RESOURCE_POLICY_MISSING_AGENT',
    finding:
      side === 'resource'
        ? `${what} was denied by account ${state.secretsAccountId}: the secret's resource policy does not allow the agent ${facts.agentRoleArn ?? facts.agentUserArn ?? session.identity.arn}. ${said}`
        : `${what} was denied; across accounts both the secret's resource policy and the agent's identity policy must allow it, and AWS does not say which one does not. ${said}`,
    document,
    remedy: `${remedyFor(document, 'Attach a resource policy to the secret that allows the agent.')}${side === 'resource' ? '' : " Also check statement 'AgentPolicyReadCrossAccountSecrets' of agent-cross-account-policy."}`,
  };
}

/** ListSecrets, which the product requires of the agent besides reading. */
export async function checkList(
  clients: DiagnoseClients,
  session: AgentSession,
  runner: StepRunner,
  signal?: AbortSignal,
): Promise<void> {
  await runner.run(
    'list-secrets',
    'List permission (secretsmanager:ListSecrets)',
    undefined,
    async () => {
      try {
        await clients.secretsManager.send(new ListSecretsCommand({ MaxResults: 1 }), {
          abortSignal: signal as never,
        });
        return { status: 'pass', finding: `${session.identity.arn} may list secrets` };
      } catch (error) {
        const failure = failureOf(error);
        if (!isAccessDenied(failure))
          return otherFailure('ListSecrets', failure, session.facts.region);
        const read = readDocumentOf(session.facts.authType);
        const document = documentFor(read.id, `${read.prefix}ListSecrets`, session.facts);
        return {
          status: 'fail',
          problem: 'LIST_DENIED',
          finding: `secretsmanager:ListSecrets was denied: no identity-based policy of ${session.identity.arn} allows it (reads by name still work, but listing and BatchGetSecretValue do not). AWS said: ${failure.message}`,
          document,
          remedy: remedyFor(
            document,
            'Allow secretsmanager:ListSecrets and secretsmanager:BatchGetSecretValue on "*".',
          ),
        };
      }
    },
  );
}

const qualifyKey = (kmsKeyId: string, arn: SecretArn): string =>
  kmsKeyId.startsWith('arn:')
    ? kmsKeyId
    : `arn:${arn.partition}:kms:${arn.region}:${arn.accountId}:${kmsKeyId.startsWith('alias/') ? kmsKeyId : `key/${kmsKeyId}`}`;

const isKeyArn = (value: string): boolean => /^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(value);

/**
 * The checks of one secret: the region rule (for ARNs), DescribeSecret, kms:DescribeKey on
 * its key (across accounts, the product's verification step) and GetSecretValue. The value
 * read is checked for the JSON keys the config uses and then dropped; no finding shows it.
 */
export async function checkSecret(
  target: SecretTarget,
  clients: DiagnoseClients,
  session: AgentSession,
  runner: StepRunner,
  signal?: AbortSignal,
): Promise<void> {
  const id = target.secretId;
  const region = session.facts.region;
  const agentAccount = session.identity.account;
  const arn = target.reference.arn;
  const state: SecretState = {
    target,
    arn,
    fullArn: arn?.suffix ? id : undefined,
    described: false,
    crossAccount: arn !== undefined && arn.accountId !== agentAccount,
    secretsAccountId: arn?.accountId ?? agentAccount,
  };
  const send = { abortSignal: signal as never };

  if (arn) {
    const regionStep = await runner.run('secret-region', `Region rule for ${id}`, id, async () => {
      if (arn.region !== region) {
        return {
          status: 'fail',
          problem: 'SECRET_IN_OTHER_REGION',
          finding: `secret '${id}' is in region ${arn.region}, but the vault reads from ${region}: a secret in another region is not found from the ${region} endpoint (this applies across accounts too)`,
          remedy: `Keep the secret (and its KMS key) in ${region}: replicate it there (aws secretsmanager replicate-secret-to-regions --add-replica-regions Region=${region}) and reference the replica's ARN, or set vault.region to ${arn.region}.`,
        };
      }
      if (state.crossAccount && !arn.suffix) {
        return {
          status: 'fail',
          problem: 'CROSS_ACCOUNT_NEEDS_FULL_ARN',
          finding: `secret '${id}' is in account ${arn.accountId}, not the agent's account ${agentAccount}, and is referenced by a partial ARN`,
          remedy: `Reference it by its full ARN, including the 6-character suffix AWS adds to the name (…:secret:${arn.name}-AbCdEf); the secrets account can read it with aws secretsmanager describe-secret.`,
        };
      }
      return {
        status: 'pass',
        finding: `in the vault's region ${region}, account ${arn.accountId}${state.crossAccount ? ` (another account than the agent's ${agentAccount})` : ''}`,
      };
    });
    if (regionStep.problem === 'SECRET_IN_OTHER_REGION') {
      const reason = `skipped: the secret is outside the vault's region ${region}`;
      await runner.skip('describe-secret', `DescribeSecret ${id}`, id, reason);
      if (state.crossAccount)
        await runner.skip('kms-describe-key', `kms:DescribeKey on the key of ${id}`, id, reason);
      await runner.skip('read-secret', `GetSecretValue ${id}`, id, reason);
      return;
    }
  }

  await runner.run('describe-secret', `DescribeSecret ${id}`, id, async () => {
    let described: DescribeSecretResponse;
    try {
      described = await clients.secretsManager.send(
        new DescribeSecretCommand({ SecretId: id }),
        send,
      );
    } catch (error) {
      const failure = failureOf(error);
      return isAccessDenied(failure)
        ? secretDenied('secretsmanager:DescribeSecret', failure, state, session)
        : otherFailure('DescribeSecret', failure, region);
    }
    state.described = true;
    state.kmsKeyId = described.KmsKeyId || undefined;
    const parsed = described.ARN ? parseSecretArn(described.ARN) : undefined;
    if (parsed?.ok) {
      state.arn = parsed.value;
      state.fullArn = described.ARN;
      state.secretsAccountId = parsed.value.accountId;
      state.crossAccount = parsed.value.accountId !== agentAccount;
    }
    if (state.kmsKeyId && state.arn) {
      const qualified = qualifyKey(state.kmsKeyId, state.arn);
      if (isKeyArn(qualified)) state.keyArn = qualified;
    }
    const key = state.kmsKeyId
      ? `the KMS key ${state.kmsKeyId}`
      : 'the AWS managed key aws/secretsmanager (no KmsKeyId)';
    if (described.DeletedDate) {
      return {
        status: 'fail',
        problem: 'SECRET_DELETED',
        finding: `found ${described.ARN}, but it is scheduled for deletion`,
        remedy:
          'Restore it (aws secretsmanager restore-secret) or reference the secret that replaces it.',
      };
    }
    return {
      status: 'pass',
      finding: `found ${described.ARN}${state.crossAccount ? ` in account ${state.secretsAccountId}` : ''}, encrypted with ${key}`,
    };
  });

  const keyContext = (): KeyContext => ({
    secretId: id,
    crossAccount: state.crossAccount,
    awsManagedKey:
      state.described && (state.kmsKeyId === undefined || AWS_MANAGED_ALIAS.test(state.kmsKeyId)),
    keyArn: state.keyArn,
    facts: session.facts,
    secret: secretFacts(state),
  });

  if (state.crossAccount) {
    await runner.run('kms-describe-key', `kms:DescribeKey on the key of ${id}`, id, async () => {
      if (!state.described || !state.arn) {
        return {
          status: 'skip',
          finding: "skipped: the secret's key is unknown because DescribeSecret failed",
        };
      }
      const context = keyContext();
      if (context.awsManagedKey)
        return awsManagedKeyOutcome(context, 'DescribeSecret shows no customer managed key');
      let metadata: KeyMetadata | undefined;
      try {
        const out = await clients.kms.send(
          new DescribeKeyCommand({ KeyId: qualifyKey(state.kmsKeyId!, state.arn) }),
          send,
        );
        metadata = out.KeyMetadata;
      } catch (error) {
        const failure = failureOf(error);
        if (isAccessDenied(failure)) return kmsDeniedOutcome('kms:DescribeKey', failure, context);
        if (failure.name === 'NotFoundException') {
          return {
            status: 'fail',
            problem: 'KEY_NOT_FOUND',
            finding: `the key ${state.kmsKeyId} of secret '${id}' was not found in account ${state.secretsAccountId}, ${state.arn.region}. AWS said: ${failure.message}`,
            remedy:
              'Check that the key exists and is enabled; DescribeSecret names it as it was given when the secret was encrypted.',
          };
        }
        return otherFailure('kms:DescribeKey', failure, region);
      }
      if (metadata?.Arn) state.keyArn = metadata.Arn;
      if (metadata?.KeyManager === 'AWS') {
        return awsManagedKeyOutcome(
          { ...context, awsManagedKey: true },
          `kms:DescribeKey shows ${metadata.Arn} is managed by AWS`,
        );
      }
      const keyRegion = metadata?.Arn?.split(':')[3];
      if (keyRegion && keyRegion !== region) {
        return {
          status: 'fail',
          problem: 'KEY_IN_OTHER_REGION',
          finding: `the key ${metadata?.Arn} is in ${keyRegion}, but the secret and the vault are in ${region}`,
          remedy: `Encrypt the secret with a customer managed key in ${region}.`,
        };
      }
      return {
        status: 'pass',
        finding: `${session.identity.arn} can describe ${metadata?.Arn ?? state.kmsKeyId}, a customer managed key (${metadata?.KeyState ?? 'state unknown'}) in ${keyRegion ?? region}: the verification step passes`,
      };
    });
  } else if (state.kmsKeyId && state.arn && !state.keyArn) {
    // Only to name the key ARN in a remedy; a refusal here is no finding.
    try {
      const out = await clients.kms.send(
        new DescribeKeyCommand({ KeyId: qualifyKey(state.kmsKeyId, state.arn) }),
        send,
      );
      if (out.KeyMetadata?.Arn) state.keyArn = out.KeyMetadata.Arn;
    } catch {
      // the remedy names the key as DescribeSecret gave it
    }
  }

  await runner.run('read-secret', `GetSecretValue ${id}`, id, async () => {
    let text: string | undefined;
    let versionId: string | undefined;
    try {
      const out = await clients.secretsManager.send(
        new GetSecretValueCommand({
          SecretId: id,
          ...(target.reference.versionId ? { VersionId: target.reference.versionId } : {}),
          ...(target.reference.versionStage ? { VersionStage: target.reference.versionStage } : {}),
        }),
        send,
      );
      text = out.SecretString;
      versionId = out.VersionId;
      runner.protect(text);
    } catch (error) {
      const failure = failureOf(error);
      if (isKmsFailure(failure)) return kmsDeniedOutcome('kms:Decrypt', failure, keyContext());
      if (isAccessDenied(failure))
        return secretDenied('secretsmanager:GetSecretValue', failure, state, session);
      return otherFailure('GetSecretValue', failure, region);
    }
    const version = `version ${versionId ?? '(unknown)'}${target.reference.versionStage ? ` (${target.reference.versionStage})` : ''}`;
    if (target.jsonKeys.length === 0) return { status: 'pass', finding: `read ${version}` };
    return checkJsonKeys(text, target, version, runner);
  });
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
