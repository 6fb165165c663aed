import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EmulatorError } from '../errors.js';
import { loadScenario, parseScenario } from './parse.js';
import type { ScenarioInput } from './schema.js';

const dir = fileURLToPath(new URL('../../../../examples/scenarios/', import.meta.url));
const examples = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('example scenarios', () => {
  it('include the three the issue asks for', () => {
    expect(examples).toEqual(
      expect.arrayContaining([
        'single-account.yaml',
        'role-based-self-assume.yaml',
        'cross-account.yaml',
      ]),
    );
  });

  it.each(examples)('%s validates and gives every secret value a unique canary', async (file) => {
    const scenario = await loadScenario(`${dir}${file}`);
    const values = scenario.secrets.flatMap((s) => [
      s.value,
      s.binary && Buffer.from(s.binary, 'base64').toString(),
      ...s.versions.map((v) => v.value ?? (v.binary && Buffer.from(v.binary, 'base64').toString())),
    ]);
    for (const p of scenario.parameters.filter((p) => p.type === 'SecureString')) {
      values.push(p.value, ...p.versions.map((v) => v.value));
    }
    const canaries = values.filter(Boolean).map((v) => /canary-[0-9a-f]{12}/.exec(v!)?.[0]);
    expect(canaries.every(Boolean)).toBe(true);
    expect(new Set(canaries).size).toBe(canaries.length);
    // Keys are generated at load time: examples never hold access keys.
    expect(readFileSync(`${dir}${file}`, 'utf8')).not.toMatch(/AKIA|ASIA|secretAccessKey/);
  });
});

describe('parseScenario', () => {
  it('applies defaults', () => {
    const scenario = parseScenario('accounts:\n  - id: "123456789012"\n');
    expect(scenario).toMatchObject({
      version: 1,
      defaultRegion: 'us-east-1',
      users: [],
      secrets: [],
    });
  });

  it('lists every problem with its path', () => {
    expect(() =>
      parseScenario('accounts: []\nsecrets:\n  - name: x\n    value: a\n    binary: Yg==\n'),
    ).toThrowError(
      /accounts: a scenario needs at least one account[\s\S]*secrets\.0: a secret has either value/,
    );
  });

  it('refuses references to undeclared accounts and roles', () => {
    const text =
      'accounts:\n  - id: "123456789012"\nusers:\n  - name: u\n    account: "999999999999"\ninstanceProfile:\n  roleName: ghost\n';
    const error = (() => {
      try {
        parseScenario(text, 'test.yaml');
      } catch (e) {
        return e as EmulatorError;
      }
    })();
    expect(error).toBeInstanceOf(EmulatorError);
    expect(error?.code).toBe('INVALID_SCENARIO');
    expect(error?.message).toContain('users.0.account: account 999999999999 is not declared');
    expect(error?.message).toContain("instanceProfile.roleName: role 'ghost' is not declared");
  });

  it('reports YAML syntax errors', () => {
    expect(() => parseScenario('accounts: [', 'broken.yaml')).toThrowError(
      /broken.yaml is not valid YAML/,
    );
  });

  it('checks parameters with the Parameter Store rules', () => {
    // Deliberately wrong parameters, so typed loosely.
    const scenario = (parameter: Record<string, unknown>) =>
      ({
        accounts: [{ id: '123456789012' }],
        parameters: [{ value: 'v', ...parameter }],
      }) as unknown as ScenarioInput;
    expect(() => parseScenario(scenario({ name: '/aws/x' }))).toThrowError(
      /parameters\.0\.name: a parameter name can't be prefixed with "aws" or "ssm"/,
    );
    expect(() => parseScenario(scenario({ name: '/a', kmsKey: 'alias/k' }))).toThrowError(
      /kmsKey applies to SecureString parameters only/,
    );
    expect(() =>
      parseScenario(scenario({ name: '/a', sharedWith: ['111122223333'] })),
    ).toThrowError(/only advanced-tier parameters can be shared/);
    expect(() => parseScenario(scenario({ name: '/a', labels: ['1st'] }))).toThrowError(
      /can't begin with a number/,
    );
  });
});
