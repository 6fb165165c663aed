import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfigText, type VaultConfig } from '@vaultline/config';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createAuthStrategy } from './create-auth-strategy.js';
import type { AuthVaultInput } from './vault.js';

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../examples/${name}.yaml`, import.meta.url)), 'utf8');

describe('vault configs from @vaultline/config', () => {
  it('a parsed VaultConfig is an AuthVaultInput', () => {
    expectTypeOf<VaultConfig>().toExtend<AuthVaultInput>();
  });

  it.each([
    ['role-based', 'role-based'],
    ['instance-profile', 'instance-profile'],
    ['default-chain', 'default-chain'],
  ])('examples/%s.yaml yields the %s strategy without any AWS call', (file, name) => {
    const parsed = parseConfigText(example(file), { filePath: `${file}.yaml` });
    if (!parsed.ok) throw new Error(parsed.issues.map(String).join('\n'));
    expect(createAuthStrategy(parsed.config.vault).name).toBe(name);
  });
});
