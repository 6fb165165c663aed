import { describe, expect, it } from 'vitest';
import * as core from './core.js';
import * as full from './index.js';

describe('@vaultline/resolver/core', () => {
  it('exports everything the main entry does except diagnose', () => {
    const expected = Object.keys(full)
      .filter((name) => name !== 'diagnose')
      .sort();
    expect(Object.keys(core).sort()).toEqual(expected);
  });
});
