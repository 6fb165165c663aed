import { AUTH_TYPES } from '@vaultline/config';
import { POLICY_IDS } from '@vaultline/policies';
import { describe, expect, it } from 'vitest';
import { AUTH_TYPE_NAMES, POLICY_ID_NAMES } from './lazy.js';

describe('names repeated for help texts', () => {
  it('match the packages they come from', () => {
    expect([...AUTH_TYPE_NAMES]).toEqual([...AUTH_TYPES]);
    expect([...POLICY_ID_NAMES]).toEqual([...POLICY_IDS]);
  });
});
