import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';

// Every top-level example config must validate (examples/scenarios/ holds emulator data).
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const files = readdirSync(EXAMPLES).filter((name) => /\.(ya?ml|json)$/.test(name));
// A checkout leaves access-key.yaml (AWS's documentation key) readable by every user, which
// is an error for a real key; the examples are read with that check relaxed to a warning.
const env = { VAULTLINE_ALLOW_WORLD_READABLE_CONFIG: '1' };

describe('examples/', () => {
  it('has one example per auth type and one for cross-account', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'role-based.yaml',
        'instance-profile.yaml',
        'access-key.yaml',
        'default-chain.yaml',
        'cross-account.yaml',
      ]),
    );
  });

  it.each(files)('%s is valid and raises no warning', async (name) => {
    const result = await loadConfig(`${EXAMPLES}${name}`, { env });
    expect(result.ok ? [] : result.issues).toEqual([]);
    // The mode warning on access-key.yaml is the example's point.
    const warnings = result.ok
      ? result.warnings.filter((w) => w.path !== 'vault.secretAccessKey')
      : [];
    expect(warnings).toEqual([]);
  });

  it('each auth type example uses its auth type', async () => {
    for (const authType of ['role-based', 'instance-profile', 'access-key', 'default-chain']) {
      const result = await loadConfig(`${EXAMPLES}${authType}.yaml`, { env });
      expect(result.ok && result.config.vault.authType).toBe(authType);
    }
  });
});
