import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { EmulatorError } from '../errors.js';
import { type Scenario, type ScenarioInput, scenarioSchema } from './schema.js';

/**
 * Validates a scenario given as YAML text or as an object. Throws an `EmulatorError`
 * (`INVALID_SCENARIO`) listing every problem as `path: message`.
 *
 * @example
 * const scenario = parseScenario('accounts:\n  - id: "111122223333"\n');
 */
export function parseScenario(input: string | ScenarioInput, source = 'scenario'): Scenario {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = parseYaml(input);
    } catch (cause) {
      throw new EmulatorError(
        'INVALID_SCENARIO',
        `${source} is not valid YAML: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  const result = scenarioSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new EmulatorError(
      'INVALID_SCENARIO',
      `${source} does not describe a valid emulator scenario:\n${issues}\nSee the scenario format in the @vaultline/emulator README.`,
    );
  }
  checkReferences(result.data, source);
  return result.data;
}

/**
 * Reads and validates a scenario file.
 *
 * @example
 * const scenario = await loadScenario('examples/scenarios/single-account.yaml');
 */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new EmulatorError(
      'SCENARIO_NOT_FOUND',
      `cannot read the scenario file ${path}: ${(cause as Error).message}`,
      { cause },
    );
  }
  return parseScenario(text, path);
}

function checkReferences(scenario: Scenario, source: string): void {
  const problems: string[] = [];
  const accounts = new Set(scenario.accounts.map((a) => a.id));
  const check = (path: string, account: string | undefined) => {
    if (account !== undefined && !accounts.has(account)) {
      problems.push(`  ${path}.account: account ${account} is not declared under accounts`);
    }
  };
  for (const [i, u] of scenario.users.entries()) check(`users.${i}`, u.account);
  for (const [i, r] of scenario.roles.entries()) check(`roles.${i}`, r.account);
  for (const [i, k] of scenario.kmsKeys.entries()) check(`kmsKeys.${i}`, k.account);
  for (const [i, s] of scenario.secrets.entries()) check(`secrets.${i}`, s.account);
  for (const [i, p] of scenario.parameters.entries()) check(`parameters.${i}`, p.account);
  const profile = scenario.instanceProfile;
  if (profile) {
    check('instanceProfile', profile.account);
    const account = profile.account ?? scenario.accounts[0]!.id;
    const role = scenario.roles.find(
      (r) => r.name === profile.roleName && (r.account ?? scenario.accounts[0]!.id) === account,
    );
    if (!role) {
      problems.push(
        `  instanceProfile.roleName: role '${profile.roleName}' is not declared under roles in account ${account}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new EmulatorError(
      'INVALID_SCENARIO',
      `${source} refers to things it does not declare:\n${problems.join('\n')}`,
    );
  }
}
