import { describe, expect, it } from 'vitest';
import { envName, formatConnections, valueText } from './formats.js';

describe('envName', () => {
  it.each([
    [['password'], 'PASSWORD'],
    [['orders-db', 'password'], 'ORDERS_DB_PASSWORD'],
    [['apiKey'], 'API_KEY'],
    [['base.url'], 'BASE_URL'],
    [['1st'], '_1ST'],
  ])('%j → %s', (parts, name) => {
    expect(envName(...parts)).toBe(name);
  });
});

describe('formatConnections', () => {
  const one = { db: { password: 'it\'s "q"\nx', port: '5432' } };

  it('env quotes for a POSIX shell', async () => {
    expect(await formatConnections(one, 'env', true)).toBe(
      `export PASSWORD='it'\\''s "q"\nx'\nexport PORT='5432'\n`,
    );
  });

  it('dotenv escapes quotes and newlines', async () => {
    expect(await formatConnections(one, 'dotenv', true)).toBe(
      'PASSWORD="it\'s \\"q\\"\\nx"\nPORT="5432"\n',
    );
  });

  it('several connections are prefixed (env) or nested (json)', async () => {
    const two = { db: { host: 'h' }, api: { key: 'k' } };
    expect(await formatConnections(two, 'dotenv', false)).toBe('DB_HOST="h"\nAPI_KEY="k"\n');
    expect(JSON.parse(await formatConnections(two, 'json', false))).toEqual(two);
  });

  it('a StringList read as a list stays a list in json and yaml, joined by , in env', async () => {
    const hosts = { api: { hosts: ['a.example.com', 'b.example.com'] } };
    expect(JSON.parse(await formatConnections(hosts, 'json', true))).toEqual({
      hosts: ['a.example.com', 'b.example.com'],
    });
    expect(await formatConnections(hosts, 'yaml', true)).toBe(
      'hosts:\n  - a.example.com\n  - b.example.com\n',
    );
    expect(await formatConnections(hosts, 'env', true)).toBe(
      "export HOSTS='a.example.com,b.example.com'\n",
    );
  });
});

describe('valueText', () => {
  it('bytes as base64, numbers and booleans as written', () => {
    expect(valueText(new Uint8Array([104, 105]))).toBe('aGk=');
    expect(valueText(5432)).toBe('5432');
    expect(valueText(true)).toBe('true');
    expect(valueText('x')).toBe('x');
    expect(valueText(['a', 'b'])).toBe('a,b');
  });
});
