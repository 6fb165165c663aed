import { fileURLToPath } from 'node:url';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../server.js';
import { loadScenario, parseScenario } from './parse.js';
import { singleAccountScenario } from './single-account.js';

const EXAMPLE = new URL('../../../../examples/scenarios/single-account.yaml', import.meta.url);

describe('singleAccountScenario', () => {
  it('is the scenario of examples/scenarios/single-account.yaml', async () => {
    expect(parseScenario(singleAccountScenario)).toEqual(
      await loadScenario(fileURLToPath(EXAMPLE)),
    );
  });

  it('cannot be changed by one caller for the next', () => {
    expect(() => {
      (singleAccountScenario.secrets as unknown[]).push({ name: 'extra' });
    }).toThrow(TypeError);
  });

  it('starts an emulator whose developer reads prod/db', async () => {
    const emu = await startEmulator({ scenario: singleAccountScenario });
    try {
      const credentials = await emu.control.userCredentials('developer');
      const client = new SecretsManagerClient({
        endpoint: emu.url,
        region: 'us-east-2',
        credentials,
      });
      const { SecretString } = await client.send(
        new GetSecretValueCommand({ SecretId: 'prod/db' }),
      );
      client.destroy();
      expect(JSON.parse(SecretString ?? '{}')).toMatchObject({ username: 'app' });
    } finally {
      await emu.close();
    }
  });
});
