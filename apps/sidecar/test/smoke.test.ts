import { describe, expect, it } from 'vitest';
import { CANARIES, startStack } from './stack.js';

describe('sidecar over the real resolver and the emulator', () => {
  it('serves a secret in the GetSecretValue shape', async () => {
    await using stack = await startStack();
    const response = await stack.get('/secretsmanager/get?secretId=prod/app1/token');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.Name).toBe('prod/app1/token');
    expect(body.SecretString).toBe(CANARIES.app1);
  });
});
