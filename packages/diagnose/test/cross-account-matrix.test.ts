/**
 * The cross-account scenario matrix (issue 6): role-based, instance-profile and access-key
 * setups, each reading a secret of its own account and one of another account, with the
 * documents @vaultline/policies generates applied to the base scenario in
 * examples/scenarios/matrix/. Every variant runs against one emulator over real HTTP:
 * - all documents applied: the resolver reads both secrets and diagnose passes;
 * - one statement removed (each statement of each document in turn): diagnose fails and
 *   every failing step names exactly that document and statement; reads gated by it fail;
 * - five named misconfigurations each get their own precise finding.
 * The complete scenarios are committed next to the base so users can rehearse them offline;
 * run with VAULTLINE_WRITE_MATRIX=1 to rewrite them after changing the generator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseConfig } from '@vaultline/config';
import type { ScenarioInput } from '@vaultline/emulator';
import {
  generatePolicies,
  type PolicyEntry,
  type PolicyOptions,
  type PolicyStatement,
} from '@vaultline/policies';
import { createResolver, type ResolverErrorCode } from '@vaultline/resolver';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { DiagnoseProblem, DiagnoseReport, DiagnoseStep } from '../src/index.js';
import { AGENT, MATRIX_DIR, REGION, SECRETS, stepOf, useMatrixEmulator } from './helpers.js';

const WEST = 'us-west-2';
const EXTERNAL_ID = 'vaultline-orders-7f3a';
const LOCAL_KEY_ARN = `arn:aws:kms:${REGION}:${AGENT}:key/7d1c2b3a-4e5f-4a6b-9c8d-0e1f2a3b4c5d`;
const SHARED_KEY_ARN = `arn:aws:kms:${REGION}:${SECRETS}:key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d`;
const WEST_KEY_ID = '3b4c5d6e-7f80-4a9b-8c1d-2e3f4a5b6c7d';
const CANARY = { app: 'canary-matrix-app-5e8a1c', shared: 'canary-matrix-shared-9d4f27' };
const roleArn = (name: string) => `arn:aws:iam::${AGENT}:role/${name}`;

type SetupName = 'role-based' | 'instance-profile' | 'access-key';

/** How one authentication setup is wired into the base scenario. */
interface Setup {
  options: Omit<PolicyOptions, 'region'>;
  /** Who gets the identity documents. */
  principal: { kind: 'roles' | 'users'; name: string };
  /** The role whose trust policy is the generated trust-policy. */
  trustRole?: string;
  /** The role of the instance profile (IMDS). */
  instanceRole: string;
}

const SETUPS: Record<SetupName, Setup> = {
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

const BASE = parseYaml(readFileSync(join(MATRIX_DIR, 'base.yaml'), 'utf8')) as ScenarioInput;

/**
 * Every document of a setup: the same-account set (app/ secrets, the agent's own key) and
 * the cross-account set (shared/ secrets of the other account, its key), merged per document
 * so that a statement both sets contain (ListSecrets, the trust) is applied once.
 */
function documentsFor(setup: Setup): PolicyEntry[] {
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

type Mutable = {
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
function applyDocuments(setup: Setup, entries: PolicyEntry[]): ScenarioInput {
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
const without = (entries: PolicyEntry[], id: string, sid: string): PolicyEntry[] =>
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

const fullScenario = (name: SetupName) => applyDocuments(SETUPS[name], documentsFor(SETUPS[name]));

/** The named misconfigurations, each a change to the complete role-based scenario. */
const MISCONFIGURATIONS: Record<string, () => ScenarioInput> = {
  'aws-managed-key': () => {
    const scenario = fullScenario('role-based') as unknown as Mutable;
    delete scenario.secrets.find((s) => s.name === 'shared/db')!.kmsKey;
    return scenario as unknown as ScenarioInput;
  },
  'key-policy-without-agent': () => {
    const scenario = fullScenario('role-based') as unknown as Mutable;
    const key = scenario.kmsKeys.find((k) => SHARED_KEY_ARN.endsWith(k.id ?? '-'))!;
    key.policy!.Statement = key.policy!.Statement.filter((s) => s.Sid === 'KeyAdministration');
    return scenario as unknown as ScenarioInput;
  },
  'other-region': () => {
    const scenario = fullScenario('role-based') as unknown as Mutable;
    const sharedKey = scenario.kmsKeys.find((k) => SHARED_KEY_ARN.endsWith(k.id ?? '-'))!;
    scenario.kmsKeys.push({
      ...structuredClone(sharedKey),
      id: WEST_KEY_ID,
      region: WEST,
      alias: 'alias/shared-secrets-west',
    });
    const shared = scenario.secrets.find((s) => s.name === 'shared/db')!;
    shared.region = WEST;
    shared.kmsKey = `arn:aws:kms:${WEST}:${SECRETS}:key/${WEST_KEY_ID}`;
    return scenario as unknown as ScenarioInput;
  },
  'trust-without-instance-role': () => {
    const scenario = fullScenario('role-based') as unknown as Mutable;
    scenario.roles.find((r) => r.name === 'vaultline-agent')!.trustPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustEc2Service',
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    return scenario as unknown as ScenarioInput;
  },
  'identity-without-kms-decrypt': () => {
    const setup = SETUPS['role-based'];
    return applyDocuments(
      setup,
      without(
        documentsFor(setup),
        'agent-cross-account-policy',
        'AgentPolicyDecryptCrossAccountKey',
      ),
    );
  },
};

const HEADER = (what: string) =>
  `# Generated by packages/diagnose/test/cross-account-matrix.test.ts from base.yaml and the\n# documents of @vaultline/policies; do not edit by hand (VAULTLINE_WRITE_MATRIX=1 rewrites it).\n# ${what}\n`;

const EXAMPLE_FILES: Record<string, { describe: string; scenario: () => ScenarioInput }> = {
  'role-based.yaml': {
    describe: 'role-based setup, every generated document applied',
    scenario: () => fullScenario('role-based'),
  },
  'instance-profile.yaml': {
    describe: 'instance-profile setup, every generated document applied',
    scenario: () => fullScenario('instance-profile'),
  },
  'access-key.yaml': {
    describe: 'access-key setup, every generated document applied',
    scenario: () => fullScenario('access-key'),
  },
  ...Object.fromEntries(
    Object.entries(MISCONFIGURATIONS).map(([name, scenario]) => [
      `misconfigured-${name}.yaml`,
      { describe: `role-based setup with one misconfiguration: ${name}`, scenario },
    ]),
  ),
};

// ---------------------------------------------------------------------------------------

const { emulator, run, handler } = useMatrixEmulator('base.yaml');

/** Loads a scenario and returns the full ARN of a secrets-account secret (suffixes are random per load). */
async function load(scenario: ScenarioInput, region = REGION): Promise<string> {
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
async function configFor(
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

/** What the resolver reads: 'ok' when the value is right, else the error code. */
async function readWithResolver(config: Record<string, unknown>, sharedArn: string) {
  const parsed = parseConfig(config);
  if (!parsed.ok) throw new Error(`config invalid: ${JSON.stringify(parsed.issues)}`);
  const resolver = createResolver(parsed.config, {
    requestHandler: handler(),
    maxAttempts: 1,
    requestTimeoutMs: 3000,
  });
  const read = async (ref: string, expected: string): Promise<'ok' | ResolverErrorCode> => {
    try {
      return (await resolver.getValue(ref)) === expected ? 'ok' : 'UNKNOWN';
    } catch (error) {
      return (error as { code: ResolverErrorCode }).code;
    }
  };
  try {
    return {
      app: await read('app/db:password', CANARY.app),
      shared: await read(`${sharedArn}:password`, CANARY.shared),
    };
  } finally {
    await resolver.close();
  }
}

const failedSteps = (report: DiagnoseReport) => report.steps.filter((s) => s.status === 'fail');
const named = (step: DiagnoseStep) =>
  `${step.document?.id ?? '(no document)'}#${step.document?.statementSid ?? '(whole document)'}`;
/** Statements that only the verification checks use (listing, kms:DescribeKey): reads work without them. */
const VERIFICATION_ONLY = /ListSecrets$|DescribeKey$|DescribeCrossAccountKey$/;
/** Which secret a statement gates: the other account's (shared) or the agent's own (app). */
const gates = (id: string): 'app' | 'shared' | 'both' =>
  id === 'trust-policy'
    ? 'both'
    : id === 'read-policy' || id === 'instance-profile-policy'
      ? 'app'
      : 'shared';

const noLeak = (report: DiagnoseReport, secretKey?: string) => {
  const text = JSON.stringify(report);
  expect(text).not.toContain(CANARY.app);
  expect(text).not.toContain(CANARY.shared);
  if (secretKey) expect(text).not.toContain(secretKey);
};

describe.each(Object.keys(SETUPS) as SetupName[])('%s setup', (name) => {
  const setup = SETUPS[name];
  const entries = documentsFor(setup);

  it('with every generated document applied, reads both secrets and diagnose passes every step', async () => {
    const sharedArn = await load(applyDocuments(setup, entries));
    const config = await configFor(name, sharedArn);
    expect(await readWithResolver(config, sharedArn)).toEqual({ app: 'ok', shared: 'ok' });
    const report = await run(config);
    expect(
      report.steps.filter((s) => s.status !== 'pass').map((s) => `${s.id}: ${s.finding}`),
    ).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.check)).toEqual([
      'config',
      'credentials',
      'caller-identity',
      ...(name === 'role-based' ? ['assume-role'] : []),
      'list-secrets',
      'describe-secret',
      'read-secret',
      'secret-region',
      'describe-secret',
      'kms-describe-key',
      'read-secret',
    ]);
    noLeak(report, (config.vault as { secretAccessKey?: string }).secretAccessKey);
  });

  const removals = entries.flatMap((entry) =>
    entry.document.Statement.map((statement) => ({ id: entry.id, sid: statement.Sid! })),
  );

  it.each(removals)(
    'without $id statement $sid: diagnose names exactly that statement',
    async ({ id, sid }) => {
      const sharedArn = await load(applyDocuments(setup, without(entries, id, sid)));
      const config = await configFor(name, sharedArn);
      const report = await run(config);
      const failed = failedSteps(report);
      expect(failed.length, 'at least one step fails').toBeGreaterThan(0);
      // Behind Secrets Manager, AWS says only "Access to KMS is not allowed": a refused
      // kms:Decrypt of another account's key names the key policy statement and, in its
      // remedy, the agent's; every other refusal names exactly the statement removed.
      const ambiguous = (f: DiagnoseStep) => f.problem === 'KMS_ACCESS_DENIED';
      expect(new Set(failed.filter((f) => !ambiguous(f)).map(named))).toEqual(
        failed.some(ambiguous) && failed.every(ambiguous) ? new Set() : new Set([`${id}#${sid}`]),
      );
      for (const f of failed) {
        expect(f.remedy).toContain(sid);
        // doctor --json: the same fix, machine-readable.
        expect(f.fix?.action).toBe('add-statement');
        if (!ambiguous(f)) expect(f.document?.json.Statement.map((s) => s.Sid)).toContain(sid);
      }
      expect(report.ok).toBe(false);
      noLeak(report, (config.vault as { secretAccessKey?: string }).secretAccessKey);

      const reads = await readWithResolver(config, sharedArn);
      const gated = gates(id);
      if (VERIFICATION_ONLY.test(sid)) {
        // Listing and describing the key are verification steps: reading does not need them.
        expect(reads).toEqual({ app: 'ok', shared: 'ok' });
      } else {
        if (gated !== 'shared') expect(reads.app).not.toBe('ok');
        if (gated !== 'app') expect(reads.shared).not.toBe('ok');
        if (gated === 'app') expect(reads.shared).toBe('ok');
        if (gated === 'shared') expect(reads.app).toBe('ok');
      }
    },
  );
});

describe('named misconfigurations (role-based setup)', () => {
  const expectProblem = (
    s: DiagnoseStep,
    problem: DiagnoseProblem,
    documentId?: string,
    sid?: string,
  ) => {
    expect({ status: s.status, problem: s.problem }).toEqual({ status: 'fail', problem });
    if (documentId) expect(s.document?.id).toBe(documentId);
    if (sid) expect(s.document?.statementSid).toBe(sid);
  };

  it('a cross-account secret under the AWS managed key', async () => {
    const sharedArn = await load(MISCONFIGURATIONS['aws-managed-key']!());
    const config = await configFor('role-based', sharedArn);
    const report = await run(config);
    expectProblem(
      stepOf(report, `kms-describe-key:${sharedArn}`),
      'AWS_MANAGED_KEY_CROSS_ACCOUNT',
      'kms-key-policy',
    );
    expectProblem(
      stepOf(report, `read-secret:${sharedArn}`),
      'AWS_MANAGED_KEY_CROSS_ACCOUNT',
      'kms-key-policy',
    );
    expect(stepOf(report, `describe-secret:${sharedArn}`).finding).toContain('aws/secretsmanager');
    expect(failedSteps(report)).toHaveLength(2);
    expect(await readWithResolver(config, sharedArn)).toMatchObject({
      app: 'ok',
      shared: 'KMS_ACCESS_DENIED',
    });
  });

  it('a key policy without the agent role', async () => {
    const sharedArn = await load(MISCONFIGURATIONS['key-policy-without-agent']!());
    const report = await run(await configFor('role-based', sharedArn));
    expectProblem(
      stepOf(report, `kms-describe-key:${sharedArn}`),
      'KEY_POLICY_MISSING_AGENT',
      'kms-key-policy',
      'KeyPolicyAgentDescribeKey',
    );
    // GetSecretValue's "Access to KMS is not allowed" does not say which policy refused.
    expectProblem(
      stepOf(report, `read-secret:${sharedArn}`),
      'KMS_ACCESS_DENIED',
      'kms-key-policy',
      'KeyPolicyAgentDecryptViaSecretsManager',
    );
    expect(failedSteps(report)).toHaveLength(2);
  });

  it('a secret in another region: the region rule, before any call', async () => {
    const westArn = await load(MISCONFIGURATIONS['other-region']!(), WEST);
    expect(westArn).toContain(`:${WEST}:`);
    // Referenced from a connection, the config itself is refused with the rule.
    const inConnection = await run(await configFor('role-based', westArn));
    expectProblem(stepOf(inConnection, 'config'), 'CONFIG_INVALID');
    expect(stepOf(inConnection, 'config').finding).toMatch(/us-west-2.*us-east-2/);
    // Given to diagnose directly, the per-secret region step names it.
    const report = await run(await configFor('role-based', undefined), {
      secrets: [`${westArn}:password`],
    });
    expectProblem(stepOf(report, `secret-region:${westArn}`), 'SECRET_IN_OTHER_REGION');
    expect(stepOf(report, `read-secret:${westArn}`).status).toBe('skip');
    expect(failedSteps(report)).toHaveLength(1);
  });

  it('a trust policy without the instance role', async () => {
    await load(MISCONFIGURATIONS['trust-without-instance-role']!());
    const report = await run(await configFor('role-based', undefined));
    expectProblem(
      stepOf(report, 'assume-role'),
      'TRUST_POLICY_MISSING_CALLER',
      'trust-policy',
      'TrustInstanceRole',
    );
    expect(stepOf(report, 'assume-role').finding).toContain(roleArn('ec2-agent-host'));
    expect(stepOf(report, 'list-secrets').status).toBe('skip');
    expect(failedSteps(report)).toHaveLength(1);
  });

  it('an identity policy without kms:Decrypt', async () => {
    const sharedArn = await load(MISCONFIGURATIONS['identity-without-kms-decrypt']!());
    const report = await run(await configFor('role-based', sharedArn));
    // AWS does not say which policy refused kms:Decrypt: both statements are named.
    expectProblem(stepOf(report, `read-secret:${sharedArn}`), 'KMS_ACCESS_DENIED');
    expect(stepOf(report, `read-secret:${sharedArn}`).remedy).toContain(
      'AgentPolicyDecryptCrossAccountKey',
    );
    expect(stepOf(report, `kms-describe-key:${sharedArn}`).status).toBe('pass');
    expect(failedSteps(report)).toHaveLength(1);
  });
});

describe('examples/scenarios/matrix', () => {
  it.each(Object.entries(EXAMPLE_FILES))(
    '%s is the generated scenario',
    (file, { describe: what, scenario }) => {
      const path = join(MATRIX_DIR, file);
      const generated = scenario();
      if (process.env.VAULTLINE_WRITE_MATRIX === '1') {
        writeFileSync(
          path,
          `${HEADER(what)}${stringifyYaml(generated, { lineWidth: 0 }).replaceAll('Version: 2012-10-17', 'Version: "2012-10-17"')}`,
        );
      }
      expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generated)));
    },
  );
});
