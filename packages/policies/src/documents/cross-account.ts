import type { ResolvedOptions } from '../options.js';
import { secretsManagerServiceName } from '../options.js';
import type { PolicyStatement } from '../types.js';
import { keyResource, oneOrMany } from './_shared.js';

/** What crosses accounts: the resource policy grants exactly these, so the identity side asks no more. */
const CROSS_ACCOUNT_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
];

export interface Statements {
  statements: PolicyStatement[];
  notes: Record<string, string>;
}

/** Key policy statements (secrets' account): the agent decrypts through Secrets Manager and describes the key. */
export function keyPolicyStatements(options: ResolvedOptions): Statements {
  const agent = options.agentPrincipalArn!;
  const via = secretsManagerServiceName(options.region, options.partition);
  return {
    statements: [
      {
        Sid: 'KeyPolicyAgentDecryptViaSecretsManager',
        Effect: 'Allow',
        Principal: { AWS: agent },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': via } },
      },
      {
        Sid: 'KeyPolicyAgentDescribeKey',
        Effect: 'Allow',
        Principal: { AWS: agent },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    ],
    notes: {
      KeyPolicyAgentDecryptViaSecretsManager: `Let ${agent} decrypt with this key, only when Secrets Manager in ${options.region} asks on its behalf (kms:ViaService ${via}).`,
      KeyPolicyAgentDescribeKey: `Let ${agent} describe the key: the verification step (aws kms describe-key) and vaultline's diagnose use it.`,
    },
  };
}

/** The secret's resource policy (secrets' account): the agent reads and describes the secret. */
export function secretResourcePolicyStatements(options: ResolvedOptions): Statements {
  const agent = options.agentPrincipalArn!;
  return {
    statements: [
      {
        Sid: 'SecretPolicyAgentRead',
        Effect: 'Allow',
        Principal: { AWS: agent },
        Action: CROSS_ACCOUNT_READ_ACTIONS,
        Resource: '*',
      },
    ],
    notes: {
      SecretPolicyAgentRead: `Let ${agent} from account ${options.agentAccountId} read and describe this secret ("*" in a resource policy means the secret it is attached to).`,
    },
  };
}

/** The agent's identity policy (agent's account) for the other account's secrets and key. */
export function agentCrossAccountStatements(options: ResolvedOptions): Statements {
  const secrets =
    options.secretResources[0] === '*'
      ? [
          `arn:${options.partition}:secretsmanager:${options.region}:${options.secretsAccountId}:secret:*`,
        ]
      : options.secretResources;
  const key = keyResource(options);
  return {
    statements: [
      {
        Sid: 'AgentPolicyReadCrossAccountSecrets',
        Effect: 'Allow',
        Action: CROSS_ACCOUNT_READ_ACTIONS,
        Resource: oneOrMany(secrets),
      },
      {
        Sid: 'AgentPolicyDecryptCrossAccountKey',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: key,
      },
      {
        Sid: 'AgentPolicyDescribeCrossAccountKey',
        Effect: 'Allow',
        Action: 'kms:DescribeKey',
        Resource: key,
      },
    ],
    notes: {
      AgentPolicyReadCrossAccountSecrets: `Read and describe the secrets of account ${options.secretsAccountId} (their resource policy must allow it too).`,
      AgentPolicyDecryptCrossAccountKey: `Decrypt with the secrets' customer managed key ${key} (its key policy must allow it too).`,
      AgentPolicyDescribeCrossAccountKey:
        "Describe that key, to verify the setup from the agent's account.",
    },
  };
}
