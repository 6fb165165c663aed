import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import type { HttpHandlerOptions } from '@smithy/types';
import { parseSecretArn, type SecretArn } from '@vaultline/secret-names';
import type { DiagnoseClients } from './clients.js';
import type { SecretFacts } from './documents.js';
import type { AgentSession } from './identity.js';
import type { KeyContext } from './kms-findings.js';
import type { SecretTarget } from './references.js';
import type { StepRunner } from './runner.js';

/** What the checks of one secret learn along the way. */
export interface SecretState {
  target: SecretTarget;
  arn?: SecretArn | undefined;
  fullArn?: string | undefined;
  described: boolean;
  /** DescribeSecret's KmsKeyId; undefined with `described` means the AWS managed key. */
  kmsKeyId?: string | undefined;
  keyArn?: string | undefined;
  /** What kms:DescribeKey showed of the key (its state), when it could be read. */
  keyMetadata?: KeyMetadata | undefined;
  crossAccount: boolean;
  secretsAccountId: string;
}

/** Everything the checks of one secret share: what they learnt, and how to call AWS. */
export interface SecretCheck {
  state: SecretState;
  clients: DiagnoseClients;
  session: AgentSession;
  runner: StepRunner;
  /** Accounts other than the agent's that the config names, where a secret referenced by name may be. */
  otherAccounts: string[];
  /** Per-call options of every SDK call: the caller's abort signal. */
  send: HttpHandlerOptions;
}

/** What is known of a secret before any call: only what its reference (a name or an ARN) says. */
export function initialSecretState(target: SecretTarget, agentAccount: string): SecretState {
  const arn = target.reference.arn;
  return {
    target,
    arn,
    fullArn: arn?.suffix ? target.secretId : undefined,
    described: false,
    crossAccount: arn !== undefined && arn.accountId !== agentAccount,
    secretsAccountId: arn?.accountId ?? agentAccount,
  };
}

/** Takes in what DescribeSecret said: the secret's full ARN, its account and its key. */
export function recordDescription(
  state: SecretState,
  described: DescribeSecretResponse,
  agentAccount: string,
): void {
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
}

/** The secret's part of the facts a generated document is scoped to. */
export function secretFacts(state: SecretState): SecretFacts {
  return {
    secretArn: state.fullArn,
    secretsAccountId: state.secretsAccountId,
    kmsKeyArn: state.keyArn,
  };
}

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\/secretsmanager$/;

/** What a refused KMS call is explained with, as known at the time of the call. */
export function keyContextOf(state: SecretState, session: AgentSession): KeyContext {
  return {
    secretId: state.target.secretId,
    crossAccount: state.crossAccount,
    awsManagedKey:
      state.described && (state.kmsKeyId === undefined || AWS_MANAGED_ALIAS.test(state.kmsKeyId)),
    keyArn: state.keyArn,
    facts: session.facts,
    secret: secretFacts(state),
  };
}

/** DescribeSecret's KmsKeyId (an id, an alias or an ARN) as an ARN in the secret's account and region. */
export const qualifyKey = (kmsKeyId: string, arn: SecretArn): string =>
  kmsKeyId.startsWith('arn:')
    ? kmsKeyId
    : `arn:${arn.partition}:kms:${arn.region}:${arn.accountId}:${kmsKeyId.startsWith('alias/') ? kmsKeyId : `key/${kmsKeyId}`}`;

const isKeyArn = (value: string): boolean => /^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(value);
