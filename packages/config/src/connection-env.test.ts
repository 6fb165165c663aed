import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { roleBased } from './test-fixtures.js';

const withConnections = (connections: Record<string, unknown>) => ({
  ...roleBased(),
  connections,
});

describe("a connection's env: map", () => {
  it('is kept apart from the properties, in connectionEnv', () => {
    const result = parseConfig(
      withConnections({
        'orders-db': {
          host: 'db.internal',
          password: { secret: 'prod/orders/db:password' },
          env: { PGPASSWORD: 'password', PGHOST: 'host' },
        },
        api: { key: { secret: 'app/api-key' } },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.connections).toEqual({
      'orders-db': { host: 'db.internal', password: { secret: 'prod/orders/db:password' } },
      api: { key: { secret: 'app/api-key' } },
    });
    expect(result.config.connectionEnv).toEqual({
      'orders-db': { PGPASSWORD: 'password', PGHOST: 'host' },
    });
  });

  it("a config parsed already parses to itself (diagnose re-parses the CLI's config)", () => {
    const first = parseConfig(
      withConnections({
        db: {
          host: 'db.internal',
          password: { secret: 'prod/db:password' },
          env: { PGHOST: 'host' },
        },
        api: { key: { secret: 'app/api-key' } },
      }),
    );
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = parseConfig(first.config);
    expect(again).toEqual(first);
  });

  it('is absent when no connection has one', () => {
    const result = parseConfig(withConnections({ api: { key: 'x' } }));
    expect(result.ok && 'connectionEnv' in result.config).toBe(false);
  });

  it.each([
    [
      'a property that does not exist',
      { host: 'h', env: { PGHOST: 'hostname' } },
      'connections.db.env.PGHOST',
      "'hostname' is not a property of this connection: expected one of host",
    ],
    [
      'a variable name no shell accepts',
      { host: 'h', env: { 'PG-HOST': 'host' } },
      'connections.db.env.PG-HOST',
      'an environment variable name is letters, digits and _',
    ],
    [
      'a property called env',
      { host: 'h', env: 'production' },
      'connections.db.env',
      'env is the map of environment variable names of this connection',
    ],
    [
      'a bad property name beside it',
      { 'host name': 'h', env: { H: 'host name' } },
      'connections.db["host name"]',
      'a property name is 1 to 128 letters',
    ],
  ])('refuses %s, with its path', (_label, connection, path, message) => {
    const result = parseConfig(withConnections({ db: connection }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((found) => found.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue?.message).toContain(message);
  });
});
