import { describe, expect, it } from 'vitest';
import { emulatorConfig, scenarioConnections } from './dev-config.js';

describe('scenarioConnections', () => {
  it('makes a connection of each text secret in the region, with references only', () => {
    const connections = scenarioConnections(
      [
        { name: 'prod/db', value: '{"username":"app","password":"canary-pw"}' },
        { name: 'app/token', value: 'canary-token' },
        { name: 'app/cert', binary: 'AAEC' },
        { name: 'eu/db', region: 'eu-west-1', value: '{"password":"x"}' },
      ],
      'us-east-2',
      'us-east-2',
    );
    expect(connections).toEqual({
      'prod-db': {
        username: { secret: 'prod/db:username' },
        password: { secret: 'prod/db:password' },
      },
      'app-token': { value: { secret: 'app/token' } },
    });
    expect(JSON.stringify(connections)).not.toMatch(/canary/);
  });
});

describe('emulatorConfig', () => {
  it('is an access-key vault on the emulator endpoint', () => {
    expect(
      emulatorConfig({
        url: 'http://127.0.0.1:4566',
        region: 'us-east-2',
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'emulator-key',
        connections: {},
      }),
    ).toEqual({
      vault: {
        type: 'aws-secrets-manager',
        authType: 'access-key',
        region: 'us-east-2',
        endpoint: 'http://127.0.0.1:4566',
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'emulator-key',
      },
      connections: {},
    });
  });
});
