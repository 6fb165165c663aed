import { randomBytes } from 'node:crypto';
import type { ScenarioInput } from '@vaultline/emulator';

/** The account every generated secret lives in. */
export const ACCOUNT_ID = '111111111111';
/** The region of the generated scenario. */
export const REGION = 'us-east-2';
/** The role the sidecar and CLI assume (role-based authentication). */
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/vaultline-agent`;
/** The scenario user whose long-term keys call AssumeRole. */
export const SOURCE_USER = 'operator';

/**
 * A fresh canary: a value that must never be seen outside the place it was asked for.
 *
 * @example
 * newCanary('hot'); // 'canary-rel-hot-3f9a0c2b7d1e4a65'
 */
export function newCanary(label: string): string {
  return `canary-rel-${label}-${randomBytes(8).toString('hex')}`;
}

/** A generated scenario and the canary of each of its secrets, by secret name. */
export interface CanaryScenario {
  scenario: ScenarioInput;
  /** Secret name to the canaries its value holds (a JSON secret holds several). */
  canaries: Map<string, string[]>;
  hot: string[];
  cold: string[];
}

const READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecrets',
  'secretsmanager:ListSecretVersionIds',
];

/**
 * Builds an emulator scenario whose every secret value carries its own random canary:
 * `soak/hot/NN` (read all the time), `soak/cold/NNN` (asked for only during the outage),
 * `prod/app1/db` (JSON: username, password, host), `prod/app1/token`, `prod/app2/token`,
 * and `denied/secret` (which the role may not read). The user `operator` may only assume
 * the role `vaultline-agent`, which reads every secret but `denied/*`.
 *
 * @example
 * const { scenario, canaries } = createCanaryScenario({ hot: 20, cold: 100 });
 * await startEmulator({ scenario });
 */
export function createCanaryScenario(counts: { hot: number; cold: number }): CanaryScenario {
  const canaries = new Map<string, string[]>();
  const secrets: NonNullable<ScenarioInput['secrets']> = [];
  const add = (name: string, label: string) => {
    const value = newCanary(label);
    canaries.set(name, [value]);
    secrets.push({ name, value });
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const hot = Array.from({ length: counts.hot }, (_, i) => `soak/hot/${pad(i, 2)}`);
  const cold = Array.from({ length: counts.cold }, (_, i) => `soak/cold/${pad(i, 3)}`);
  for (const name of hot) add(name, 'hot');
  for (const name of cold) add(name, 'cold');
  const db = {
    username: newCanary('user'),
    password: newCanary('password'),
    host: newCanary('host'),
  };
  canaries.set('prod/app1/db', Object.values(db));
  secrets.push({ name: 'prod/app1/db', value: JSON.stringify(db) });
  add('prod/app1/token', 'app1');
  add('prod/app2/token', 'app2');
  add('denied/secret', 'denied');

  const scenario = {
    version: 1,
    defaultRegion: REGION,
    accounts: [{ id: ACCOUNT_ID, alias: 'reliability' }],
    users: [
      {
        name: SOURCE_USER,
        policies: [
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ROLE_ARN }],
          },
        ],
      },
    ],
    roles: [
      {
        name: 'vaultline-agent',
        maxSessionDuration: 3600,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/${SOURCE_USER}` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        policies: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: READ_ACTIONS, Resource: '*' },
              {
                Effect: 'Deny',
                Action: 'secretsmanager:*',
                Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:denied/*`,
              },
            ],
          },
        ],
      },
    ],
    secrets,
  } as ScenarioInput;
  return { scenario, canaries, hot, cold };
}

/** Text captured from somewhere (a log, an error body, a file) to scan for leaks. */
export interface CapturedText {
  /** Where it came from, e.g. `sidecar stdout (soak)` or `cli get stderr`. */
  source: string;
  text: string;
  /** Needle values that are expected here (the value `get` was asked to print). */
  allowed?: readonly string[];
}

/** A secret (canary, access key, token) found where it must not be. */
export interface LeakFinding {
  source: string;
  /** The needle's label, never its value. */
  needle: string;
}

/** A value to look for, with a label that can be printed safely. */
export interface Needle {
  label: string;
  value: string;
}

/**
 * Looks for every needle in every captured text; a needle listed in a text's `allowed`
 * is expected there. Findings carry labels only, so reporting them leaks nothing.
 *
 * @example
 * scanForLeaks([{ source: 'log', text: 'x canary-rel-a-1 y' }], [{ label: 'secret a', value: 'canary-rel-a-1' }]);
 * // [{ source: 'log', needle: 'secret a' }]
 */
export function scanForLeaks(
  texts: readonly CapturedText[],
  needles: readonly Needle[],
): LeakFinding[] {
  const findings: LeakFinding[] = [];
  for (const { source, text, allowed = [] } of texts) {
    for (const { label, value } of needles) {
      if (value.length < 8) continue; // too short to be a meaningful needle
      if (allowed.includes(value)) continue;
      if (text.includes(value)) findings.push({ source, needle: label });
    }
  }
  return findings;
}

/**
 * Every canary of a scenario as labelled needles (`canary of soak/hot/03`).
 *
 * @example
 * canaryNeedles(createCanaryScenario({ hot: 1, cold: 1 }).canaries).length; // 9
 */
export function canaryNeedles(canaries: ReadonlyMap<string, readonly string[]>): Needle[] {
  return [...canaries].flatMap(([name, values]) =>
    values.map((value, index) => ({
      label: values.length > 1 ? `canary ${index + 1} of ${name}` : `canary of ${name}`,
      value,
    })),
  );
}
