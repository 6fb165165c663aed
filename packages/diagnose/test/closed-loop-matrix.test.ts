/**
 * The closed loop (issue 16): from the role-based, instance-profile and access-key setups of
 * the cross-account matrix (matrix-scenarios.ts), one mistake at a time. For each, doctor's
 * report (the JSON `vaultline doctor --json` prints) fails; the fix of its first failed step
 * is applied exactly as printed by fix-applier.ts, which reads only the fix; doctor then
 * passes within as many rounds as there were mistakes (one). Everything runs against one
 * emulator over real HTTP; the result table is printed at the end of the file's run.
 */
import { DisableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { ScenarioInput } from '@vaultline/emulator';
import type { PolicyStatement } from '@vaultline/policies';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiagnoseReport } from '../src/index.js';
import { applyFix, type FixWorld } from './fix-applier.js';
import { AGENT, REGION, SECRETS, useMatrixEmulator } from './helpers.js';
import {
  applyDocuments,
  configFor,
  documentsFor,
  fullScenario,
  load,
  type Mutable,
  roleArn,
  SETUPS,
  type SetupName,
  SHARED_KEY_ARN,
  WEST,
  WEST_KEY_ID,
  without,
} from './matrix-scenarios.js';

type Config = Record<string, unknown>;

/** One mistake: a change to the complete scenario, to the config, or made through AWS after loading. */
interface Mistake {
  name: string;
  setup: SetupName;
  scenario?: (scenario: Mutable) => void;
  config?: (config: Config, sharedArn: string) => Config;
  afterLoad?: (world: FixWorld) => Promise<void>;
  /** Where the other account's secret is (default the vault's region). */
  sharedRegion?: string;
}

const { emulator, run } = useMatrixEmulator('base.yaml');

const world: FixWorld = {
  emulator,
  region: REGION,
  adminOf: async (accountId) => {
    if (accountId !== SECRETS) throw new Error(`no administrator of account ${accountId}`);
    return emulator().credentialsOf('secrets-admin', SECRETS);
  },
};

const SETUP_NAMES = Object.keys(SETUPS) as SetupName[];
const agentOf = (name: SetupName) =>
  SETUPS[name].options.agentRoleArn ?? SETUPS[name].options.agentUserArn!;
const principalOf = (scenario: Mutable, name: SetupName) =>
  scenario[SETUPS[name].principal.kind].find((p) => p.name === SETUPS[name].principal.name)!;
const sharedKey = (scenario: Mutable) =>
  scenario.kmsKeys.find((k) => SHARED_KEY_ARN.endsWith(k.id ?? '-'))!;
const statementsOf = (document: unknown) =>
  (document as { Statement: PolicyStatement[] }).Statement;
/** The statement with this Sid in any of the documents. */
const statement = (documents: unknown[], sid: string) =>
  documents.flatMap(statementsOf).find((s) => s.Sid === sid)!;

/** Each statement of each generated document, removed. */
const removals: Mistake[] = SETUP_NAMES.flatMap((setup) =>
  documentsFor(SETUPS[setup]).flatMap((entry) =>
    entry.document.Statement.map((s) => ({
      name: `without ${entry.id}#${s.Sid}`,
      setup,
      scenario: (scenario: Mutable) => {
        const documents = documentsFor(SETUPS[setup]);
        Object.assign(
          scenario,
          applyDocuments(SETUPS[setup], without(documents, entry.id, s.Sid!)),
        );
      },
    })),
  ),
);

/** An explicit Deny added to the agent's identity policy, the secret's and the key's policy. */
const denies: Mistake[] = SETUP_NAMES.flatMap((setup): Mistake[] => [
  {
    name: 'explicit deny in the identity policy',
    setup,
    scenario: (scenario) => {
      principalOf(scenario, setup).policies!.push({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'NoSecretReads',
            Effect: 'Deny',
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
          },
        ],
      });
    },
  },
  {
    name: 'explicit deny in the secret resource policy',
    setup,
    scenario: (scenario) => {
      const secret = scenario.secrets.find((s) => s.name === 'shared/db')!;
      statementsOf(secret.resourcePolicy).push({
        Sid: 'NoAgentReads',
        Effect: 'Deny',
        Principal: { AWS: agentOf(setup) },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      });
    },
  },
  {
    name: 'explicit deny in the key policy',
    setup,
    scenario: (scenario) => {
      sharedKey(scenario).policy!.Statement.push({
        Sid: 'NoAgentKeyUse',
        Effect: 'Deny',
        Principal: { AWS: agentOf(setup) },
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: '*',
      });
    },
  },
]);

const adminKms = async () =>
  new KMSClient({
    region: REGION,
    endpoint: emulator().url,
    credentials: await world.adminOf(SECRETS),
    maxAttempts: 1,
  });

/** A mistake that reads the same in every setup, made in each. */
const inEverySetup = (mistake: Omit<Mistake, 'setup'>): Mistake[] =>
  SETUP_NAMES.map((setup) => ({ ...mistake, setup }));
/** The Sid prefix of a setup's own-account read document (read-policy or instance-profile-policy). */
const readPrefix = (setup: SetupName) =>
  setup === 'instance-profile' ? 'InstanceRole' : 'ReadPolicy';

/** The named mistakes of the issue. */
const named: Mistake[] = [
  ...inEverySetup({
    name: 'key disabled',
    afterLoad: async () => {
      const kms = await adminKms();
      await kms.send(new DisableKeyCommand({ KeyId: SHARED_KEY_ARN })).finally(() => kms.destroy());
    },
  }),
  ...inEverySetup({
    name: 'key pending deletion',
    afterLoad: async () => {
      const kms = await adminKms();
      await kms
        .send(new ScheduleKeyDeletionCommand({ KeyId: SHARED_KEY_ARN, PendingWindowInDays: 7 }))
        .finally(() => kms.destroy());
    },
  }),
  ...SETUP_NAMES.map(
    (setup): Mistake => ({
      name: 'key policy kms:ViaService names another region',
      setup,
      scenario: (scenario) => {
        const s = sharedKey(scenario).policy!.Statement.find(
          (x) => x.Sid === 'KeyPolicyAgentDecryptViaSecretsManager',
        )!;
        s.Condition = {
          StringEquals: { 'kms:ViaService': 'secretsmanager.us-west-2.amazonaws.com' },
        };
      },
    }),
  ),
  ...SETUP_NAMES.map(
    (setup): Mistake => ({
      name: 'identity policy kms:ViaService names another region',
      setup,
      scenario: (scenario) => {
        const s = statement(
          principalOf(scenario, setup).policies!,
          `${readPrefix(setup)}DecryptWithSecretsKey`,
        );
        s.Condition = {
          StringEquals: { 'kms:ViaService': 'secretsmanager.us-west-2.amazonaws.com' },
        };
      },
    }),
  ),
  {
    name: 'wrong external id',
    setup: 'role-based',
    config: (config) => ({
      ...config,
      vault: { ...(config.vault as Config), externalId: 'vaultline-orders-0000' },
    }),
  },
  {
    name: 'trust policy names another principal',
    setup: 'role-based',
    scenario: (scenario) => {
      const role = scenario.roles.find((r) => r.name === 'vaultline-agent')!;
      statementsOf(role.trustPolicy)[0]!.Principal = { AWS: roleArn('someone-else') };
    },
  },
  {
    name: 'trust policy names another service',
    setup: 'instance-profile',
    scenario: (scenario) => {
      const role = scenario.roles.find((r) => r.name === 'vaultline-instance')!;
      statementsOf(role.trustPolicy)[0]!.Principal = { Service: 'lambda.amazonaws.com' };
    },
  },
  ...SETUP_NAMES.flatMap((setup): Mistake[] => [
    {
      name: 'cross-account resource without the suffix wildcard',
      setup,
      scenario: (scenario) => {
        const s = statement(
          principalOf(scenario, setup).policies!,
          'AgentPolicyReadCrossAccountSecrets',
        );
        s.Resource = `arn:aws:secretsmanager:${REGION}:${SECRETS}:secret:shared/db`;
      },
    },
  ]),
  ...SETUP_NAMES.map(
    (setup): Mistake => ({
      name: 'own-account resource without the suffix wildcard',
      setup,
      scenario: (scenario) => {
        const s = statement(
          principalOf(scenario, setup).policies!,
          `${readPrefix(setup)}ReadSecrets`,
        );
        s.Resource = `arn:aws:secretsmanager:${REGION}:${AGENT}:secret:app/db`;
      },
    }),
  ),
];

/** The connection reading the other account's secret, reading `secret` instead. */
const ordersReads = (config: Config, secret: string): Config => ({
  ...config,
  connections: {
    ...(config.connections as Config),
    orders: { password: { secret } },
  },
});

/** The config with vault.kmsKeyArns, as `vaultline init` keeps the key ARNs the user gives. */
const withKeys = (config: Config): Config => ({
  ...config,
  vault: { ...(config.vault as Config), kmsKeyArns: [SHARED_KEY_ARN] },
});

/**
 * A partial ARN (no suffix) of the other account's secret. With role-based authentication the
 * config names the agent's account (iamRole), so validate refuses it before doctor runs.
 */
const partialArn: Mistake[] = (['instance-profile', 'access-key'] as const).map((setup) => ({
  name: 'cross-account secret referenced by partial ARN',
  setup,
  config: (config, sharedArn) => ordersReads(config, `${sharedArn.slice(0, -7)}:password`),
}));

/** Mistakes in what the config references, and in where the secret is kept. */
const referenced: Mistake[] = [
  ...(
    [
      {
        name: 'cross-account secret referenced by name',
        // The key ARN the user gave at init says which other account the config deals with.
        config: (config) => withKeys(ordersReads(config, 'shared/db:password')),
      },
      {
        name: 'the secret in another region',
        sharedRegion: WEST,
        scenario: (scenario) => {
          const key = sharedKey(scenario);
          scenario.kmsKeys.push({
            ...structuredClone(key),
            id: WEST_KEY_ID,
            region: WEST,
            alias: 'alias/shared-secrets-west',
          });
          const shared = scenario.secrets.find((s) => s.name === 'shared/db')!;
          shared.region = WEST;
          shared.kmsKey = `arn:aws:kms:${WEST}:${SECRETS}:key/${WEST_KEY_ID}`;
        },
        config: withKeys,
      },
      {
        name: 'missing version stage',
        config: (config) => ({
          ...config,
          connections: {
            ...(config.connections as Config),
            app: { password: { secret: 'app/db:password:AWSPREVIOUS' } },
          },
        }),
      },
      {
        name: 'AWS managed key used across accounts',
        scenario: (scenario) => {
          delete scenario.secrets.find((s) => s.name === 'shared/db')!.kmsKey;
        },
        config: withKeys,
      },
    ] satisfies Omit<Mistake, 'setup'>[]
  ).flatMap(inEverySetup),
];

const MISTAKES: Mistake[] = [...removals, ...denies, ...named, ...referenced, ...partialArn];

interface Row {
  mistake: string;
  setup: SetupName;
  finding: string;
  fix: string;
  rounds: number;
  pass: boolean;
}
const rows: Row[] = [];

/** doctor, as `vaultline doctor --json` prints it (the same object, through JSON). */
const doctor = async (config: Config): Promise<DiagnoseReport> =>
  JSON.parse(JSON.stringify(await run(config))) as DiagnoseReport;

/** Sets up one mistake and returns the config a user would have. */
async function introduce(mistake: Mistake): Promise<Config> {
  const scenario = structuredClone(fullScenario(mistake.setup)) as unknown as Mutable;
  mistake.scenario?.(scenario);
  const sharedArn = await load(
    emulator,
    scenario as unknown as ScenarioInput,
    mistake.sharedRegion,
  );
  await mistake.afterLoad?.(world);
  const config = await configFor(emulator, mistake.setup, sharedArn);
  return mistake.config ? mistake.config(config, sharedArn) : config;
}

describe('closed loop: doctor fails, its fix applied as printed, doctor passes', () => {
  afterAll(() => {
    const line = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
    console.log(
      [
        `closed-loop matrix: ${rows.filter((r) => r.pass).length}/${rows.length} cases closed`,
        line(['case', 'setup', "doctor's first finding", 'fix', 'rounds', 'pass']),
        line(['---', '---', '---', '---', '---', '---']),
        ...rows.map((r) =>
          line([r.mistake, r.setup, r.finding, r.fix, r.rounds, r.pass ? 'yes' : 'NO']),
        ),
      ].join('\n'),
    );
  });

  it.each(MISTAKES.map((m) => ({ ...m, title: `${m.setup}: ${m.name}` })))(
    '$title',
    async (mistake) => {
      let config = await introduce(mistake);
      const first = await doctor(config);
      const failed = first.steps.find((s) => s.status === 'fail');
      const row: Row = {
        mistake: mistake.name,
        setup: mistake.setup,
        finding: failed ? `${failed.id.split(':')[0]} ${failed.problem}` : '(none)',
        fix: failed?.fix
          ? [failed.fix, ...(failed.fix.also ?? [])].map((f) => f.action).join(' + ')
          : '(none)',
        rounds: 0,
        pass: false,
      };
      rows.push(row);
      expect(first.ok, 'doctor fails on the mistake').toBe(false);
      expect(
        failed?.fix,
        `a machine-readable fix for ${failed?.id}: ${failed?.finding}`,
      ).toBeDefined();
      let report = first;
      for (let round = 1; round <= 1 && !report.ok; round += 1) {
        const step = report.steps.find((s) => s.status === 'fail')!;
        config = await applyFix(step.fix!, config, world);
        row.rounds = round;
        report = await doctor(config);
      }
      const left = report.steps
        .filter((s) => s.status === 'fail')
        .map((s) => `${s.id}: ${s.problem}: ${s.finding}`);
      expect(left, 'doctor passes after one round').toEqual([]);
      row.pass = report.ok;
    },
  );
});
