import { describe, expect, it } from 'vitest';
import { readInstanceRoleArn } from '../src/index.js';
import { closedPort, roleArn, useAuthEmulator } from './helpers.js';

const emulator = useAuthEmulator();

describe('readInstanceRoleArn', () => {
  it("names the instance profile's role from instance metadata (role name and account)", async () => {
    expect(await readInstanceRoleArn({ endpoint: emulator().url })).toBe(roleArn('agent'));
  });

  it('is undefined when instance metadata does not answer', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    expect(await readInstanceRoleArn({ endpoint, timeoutMs: 500 })).toBeUndefined();
  });
});
