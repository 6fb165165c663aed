/**
 * The cross-account scenario matrix's setups (issue 6): role-based, instance-profile and
 * access-key, each reading `app/db` of the agent's account and `shared/db` of another, with
 * the documents @vaultline/policies generates applied to examples/scenarios/matrix/base.yaml.
 * Shared by the matrix tests: cross-account-matrix.test.ts (each statement removed, named
 * misconfigurations) and closed-loop-matrix.test.ts (each mistake fixed by doctor's own fix).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ScenarioInput } from '@vaultline/emulator';
import {
  generatePolicies,
  type PolicyEntry,
  type PolicyOptions,
  type PolicyStatement,
} from '@vaultline/policies';
import type { TestEmulator } from '@vaultline/test-utils';
import { parse as parseYaml } from 'yaml';
import { AGENT, MATRIX_DIR, REGION, SECRETS } from './helpers.js';

export const WEST = 'us-west-2';
export const EXTERNAL_ID = 'vaultline-orders-7f3a';
export const LOCAL_KEY_ARN = `arn:aws:kms:${REGION}:${AGENT}:key/7d1c2b3a-4e5f-4a6b-9c8d-0e1f2a3b4c5d`;
export const SHARED_KEY_ARN = `arn:aws:kms:${REGION}:${SECRETS}:key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d`;
export const WEST_KEY_ID = '3b4c5d6e-7f80-4a9b-8c1d-2e3f4a5b6c7d';
export const CANARY = { app: 'canary-matrix-app-5e8a1c', shared: 'canary-matrix-shared-9d4f27' };
export const roleArn = (name: string) => `arn:aws:iam::${AGENT}:role/${name}`;

export type SetupName = 'role-based' | 'instance-profile' | 'access-key';

/** How one authentication setup is wired into the base scenario. */
export interface Setup {
  options: Omit<PolicyOptions, 'region'>;
  /** Who gets the identity documents. */
  principal: { kind: 'roles' | 'users'; name: string };
  /** The role whose trust policy is the generated trust-policy. */
  trustRole?: string;
  /** The role of the instance profile (IMDS). */
  instanceRole: string;
}

export const SETUPS: Record<SetupName, Setup> = {
  'role-based': {
    options: {
      authType: 'role-based',
      agentRoleArn: roleArn('vaultline-agent'),
      instanceRoleArn: roleArn('ec2-agent-host'),
      externalId: EXTERNAL_ID,
    },
    principal: { kind: 'roles', name: 'vaultline-agent' },
    trustRole: 'vaultline-agent',
    instanceRole: 'ec2-agent-host',
  },
  'instance-profile': {
    options: { authType: 'instance-profile', agentRoleArn: roleArn('vaultline-instance') },
    principal: { kind: 'roles', name: 'vaultline-instance' },
    trustRole: 'vaultline-instance',
    instanceRole: 'vaultline-instance',
  },
  'access-key': {
    options: { authType: 'access-key', agentUserArn: `arn:aws:iam::${AGENT}:user/vaultline-user` },
    principal: { kind: 'users', name: 'vaultline-user' },
    instanceRole: 'ec2-agent-host',
  },
};

export const BASE = parseYaml(readFileSync(join(MATRIX_DIR, 'base.yaml'), 'utf8')) as ScenarioInput;

/**
 * Every document of a setup: the same-account set (app/ secrets, the agent's own key) and
 * the cross-account set (shared/ secrets of the other account, its key), merged per document
 * so that a statement both sets contain (ListSecrets, the trust) is applied once.
 */
export function documentsFor(setup: Setup): PolicyEntry[] {
  const same = generatePolicies({
    region: REGION,
    ...setup.options,
    secretNamePrefixes: ['app/'],
    kmsKeyArn: LOCAL_KEY_ARN,
  });
  const cross = generatePolicies({
    region: REGION,
    ...setup.options,
    secretNamePrefixes: ['shared/'],
    kmsKeyArn: SHARED_KEY_ARN,
    secretsAccountId: SECRETS,
  });
  const merged = new Map<string, PolicyEntry>();
  for (const entry of [...same, ...cross]) {
    const known = merged.get(entry.id);
    if (!known) {
      merged.set(entry.id, structuredClone(entry));
      continue;
    }
    const sids = new Set(known.document.Statement.map((s) => s.Sid));
    known.document.Statement.push(...entry.document.Statement.filter((s) => !sids.has(s.Sid)));
  }
  return [...merged.values()];
}

export type Mutable = {
  users: { name: string; policies?: unknown[] }[];
  roles: { name: string; trustPolicy: unknown; policies?: unknown[] }[];
  kmsKeys: {
    id?: string;
    region?: string;
    alias?: string;
    policy?: { Statement: PolicyStatement[] };
  }[];
  secrets: {
    name: string;
    account?: string;
    region?: string;
    kmsKey?: string;
    resourcePolicy?: unknown;
  }[];
  instanceProfile: { roleName: string };
};

/** The base scenario with the documents applied where the setup steps say. */
export function applyDocuments(setup: Setup, entries: PolicyEntry[]): ScenarioInput {
  const scenario = structuredClone(BASE) as unknown as Mutable;
  const principal = scenario[setup.principal.kind].find((p) => p.name === setup.principal.name)!;
  principal.policies = [];
  for (const entry of entries) {
    switch (entry.id) {
      case 'read-policy':
      case 'instance-profile-policy':
      case 'agent-cross-account-policy':
        principal.policies.push(entry.document);
        break;
      case 'trust-policy':
        scenario.roles.find((r) => r.name === setup.trustRole)!.trustPolicy = entry.document;
        break;
      case 'kms-key-policy': {
        const key = scenario.kmsKeys.find((k) => SHARED_KEY_ARN.endsWith(k.id ?? '-'))!;
        key.policy!.Statement.push(...entry.document.Statement);
        break;
      }
      case 'secret-resource-policy':
        for (const secret of scenario.secrets.filter((s) => s.account === SECRETS)) {
          secret.resourcePolicy = entry.document;
        }
        break;
    }
  }
  scenario.instanceProfile.roleName = setup.instanceRole;
  return scenario as unknown as ScenarioInput;
}

/** The same documents without one statement. */
export const without = (entries: PolicyEntry[], id: string, sid: string): PolicyEntry[] =>
  entries.map((entry) =>
    entry.id !== id
      ? entry
      : {
          ...entry,
          document: {
            ...entry.document,
            Statement: entry.document.Statement.filter((s) => s.Sid !== sid),
          },
        },
  );

export const fullScenario = (name: SetupName) =>
  applyDocuments(SETUPS[name], documentsFor(SETUPS[name]));

/** Loads a scenario and returns the full ARN of a secrets-account secret (suffixes are random per load). */
export async function load(
  emulator: () => TestEmulator,
  scenario: ScenarioInput,
  region = REGION,
): Promise<string> {
  await emulator().control.loadScenario(scenario);
  const credentials = await emulator().credentialsOf('secrets-admin', SECRETS);
  const admin = new SecretsManagerClient({
    region,
    endpoint: emulator().url,
    credentials,
    maxAttempts: 1,
  });
  try {
    return (await admin.send(new DescribeSecretCommand({ SecretId: 'shared/db' }))).ARN!;
  } finally {
    admin.destroy();
  }
}

/** The vault config a user of this setup writes, reading app/db and the shared secret. */
export async function configFor(
  emulator: () => TestEmulator,
  name: SetupName,
  sharedArn: string | undefined,
): Promise<Record<string, unknown>> {
  const vault: Record<string, unknown> = {
    type: 'aws-secrets-manager',
    authType: name,
    region: REGION,
  };
  if (name === 'role-based') {
    Object.assign(vault, {
      iamRole: roleArn('vaultline-agent'),
      externalId: EXTERNAL_ID,
      instanceMetadata: { endpoint: emulator().url },
    });
  } else if (name === 'instance-profile') {
    vault.instanceMetadata = { endpoint: emulator().url };
  } else {
    const { accessKeyId, secretAccessKey } = await emulator().credentialsOf(
      'vaultline-user',
      AGENT,
    );
    Object.assign(vault, { accessKeyId, secretAccessKey });
  }
  const connections: Record<string, unknown> = { app: { password: { secret: 'app/db:password' } } };
  if (sharedArn) connections.orders = { password: { secret: `${sharedArn}:password` } };
  return { vault, connections };
}
