import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `@vaultline/resolver/core` was the resolver without `diagnose`; now that diagnose lives in
// @vaultline/diagnose the main entry is that resolver, and `/core` stays for one release as
// a deprecated alias. Both must load the same module, so an error thrown through one entry is
// `instanceof ResolverError` from the other.
describe('@vaultline/resolver/core', () => {
  it('is an alias of the main entry in every condition', () => {
    const { exports } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(exports['./core']).toEqual(exports['.']);
  });
});
